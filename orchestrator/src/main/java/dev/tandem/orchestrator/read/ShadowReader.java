package dev.tandem.orchestrator.read;

import dev.tandem.model.FieldDifference;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shadow reads of {@code SHADOW_READ}: a sampled share of reads also reads the store that did not
 * serve, off the request path, and compares the two canonical records field by field, counting
 * mismatches by field in {@code tandem_shadow_mismatches_total{field}}. A record present in one
 * store only counts as field {@code presence}.
 *
 * <p>A write can land between the served read and the shadow read, which would look like a
 * mismatch that is not one; so a first difference is confirmed by reading both stores again, and
 * counted only if it persists. The shadow read never delays or fails the served read: it starts
 * after the served record is known, its failures are only counted, and at most
 * {@code tandem.shadow-read.max-in-flight} run at once.
 */
@ApplicationScoped
public class ShadowReader {
    /** The {@code field} tag of a record that one store holds and the other does not. */
    public static final String PRESENCE = "presence";
    private static final Logger LOG = Logger.getLogger(ShadowReader.class);

    private final MeteredStores stores;
    private final MeterRegistry registry;
    private final int samplePercent;
    private final Semaphore inFlight;
    private final Duration timeout;
    private final Set<TokenField> coarseFields;
    private final Counter compared;

    @Inject
    public ShadowReader(MeteredStores stores, MeterRegistry registry, ShadowReadConfig config) {
        if (config.samplePercent() < 0 || config.samplePercent() > 100) {
            throw new IllegalArgumentException(ShadowReadConfig.SAMPLE_PERCENT + " is " + config.samplePercent()
                    + ": expected 0 to 100");
        }
        if (config.maxInFlight() < 1) {
            throw new IllegalArgumentException(ShadowReadConfig.MAX_IN_FLIGHT + " is " + config.maxInFlight()
                    + ": expected at least 1");
        }
        if (config.timeoutMs() < 1) {
            throw new IllegalArgumentException(ShadowReadConfig.TIMEOUT_MS + " is " + config.timeoutMs()
                    + ": expected at least 1");
        }
        this.stores = stores;
        this.registry = registry;
        this.samplePercent = config.samplePercent();
        this.inFlight = new Semaphore(config.maxInFlight());
        this.timeout = Duration.ofMillis(config.timeoutMs());
        // Compare what both stores can hold: legacy keeps only whether a token is revoked, not when.
        Set<TokenField> coarse = EnumSet.noneOf(TokenField.class);
        coarse.addAll(stores.of(Store.LEGACY).approximatedFields());
        coarse.addAll(stores.of(Store.ENGINE).approximatedFields());
        this.coarseFields = Set.copyOf(coarse);
        this.compared = Counter.builder(TandemMetrics.SHADOW_READS)
                .description("Shadow reads compared with the served read")
                .register(registry);
    }

    /** Whether this read is in the sample. */
    public boolean sampled() {
        return samplePercent > 0 && ThreadLocalRandom.current().nextInt(100) < samplePercent;
    }

    /**
     * Starts a shadow read of {@code id} in the store other than {@code served} and returns at
     * once; {@code servedRecord} is what the client got.
     */
    public void compareLater(String id, Store served, Optional<TokenRecord> servedRecord) {
        if (!inFlight.tryAcquire()) {
            skipped("busy");
            return;
        }
        TokenStore servedStore = stores.of(served);
        TokenStore otherStore = stores.of(served == Store.LEGACY ? Store.ENGINE : Store.LEGACY);
        otherStore.find(id)
                .flatMap(other -> {
                    if (differences(servedRecord, other).isEmpty()) {
                        return Uni.createFrom().item(List.<String>of());
                    }
                    // Confirm: a write between the two reads is not a mismatch.
                    return servedStore.find(id).flatMap(servedAgain -> otherStore.find(id)
                            .map(otherAgain -> differences(servedAgain, otherAgain)));
                })
                .ifNoItem().after(timeout).fail()
                .onTermination().invoke(inFlight::release)
                .subscribe().with(fields -> {
                    compared.increment();
                    for (String field : fields) {
                        Counter.builder(TandemMetrics.SHADOW_MISMATCHES)
                                .description("Shadow reads whose records differed, by field")
                                .tag("field", field)
                                .register(registry)
                                .increment();
                    }
                    if (!fields.isEmpty()) {
                        LOG.infof("shadow read of token %s: %s and %s differ in %s", id, servedStore.name(),
                                otherStore.name(), fields);
                    }
                }, failure -> {
                    skipped("failed");
                    LOG.debugf("shadow read of token %s in %s failed: %s", id, otherStore.name(), failure.getMessage());
                });
    }

    /** The fields (by JSON name) on which the two reads differ; {@value #PRESENCE} when only one found the token. */
    List<String> differences(Optional<TokenRecord> served, Optional<TokenRecord> other) {
        if (served.isEmpty() || other.isEmpty()) {
            return served.isPresent() == other.isPresent() ? List.of() : List.of(PRESENCE);
        }
        return TokenComparison.differences(served.get(), other.get(), coarseFields).stream()
                .map(FieldDifference::field).map(TokenField::jsonName).toList();
    }

    private void skipped(String reason) {
        Counter.builder(TandemMetrics.SHADOW_SKIPPED)
                .description("Sampled shadow reads not compared")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
