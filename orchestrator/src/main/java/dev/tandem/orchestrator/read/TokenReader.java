package dev.tandem.orchestrator.read;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.write.UnmirroredWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The read path: the store {@link ReadRouter} picks serves the read, and read-your-writes holds in
 * every phase. The primary has every acknowledged write; the mirror has them too unless a mirror
 * write failed. So when the routed store is not the primary, the primary answers instead where
 * <ul>
 *   <li>the routed store misses the token ({@code reason="missing"}: a lost mirror of a new token);</li>
 *   <li>a mirror write of the token, or of its family's revocation, failed on this instance
 *       ({@code reason="unmirrored"}, see {@link UnmirroredWrites});</li>
 *   <li>the routed store fails ({@code reason="failed"}): the mirror being down fails no read.</li>
 * </ul>
 * Each is counted in {@code tandem_read_fallbacks_total{store,reason}}. In {@code SHADOW_READ} a
 * sample of reads is also compared with the other store ({@link ShadowReader}).
 */
@ApplicationScoped
public class TokenReader {
    private static final String MISSING = "missing";
    private final ControlPlane control;
    private final MeteredStores stores;
    private final HybridLogicalClock clock;
    private final UnmirroredWrites unmirrored;
    private final ShadowReader shadow;
    private final MeterRegistry registry;

    @Inject
    public TokenReader(ControlPlane control, MeteredStores stores, HybridLogicalClock clock,
                       UnmirroredWrites unmirrored, ShadowReader shadow, MeterRegistry registry) {
        this.control = control;
        this.stores = stores;
        this.clock = clock;
        this.unmirrored = unmirrored;
        this.shadow = shadow;
        this.registry = registry;
    }

    /** The token as the store that serves it holds it; empty when no store that must have it does. */
    public Uni<Optional<TokenRecord>> find(String id) {
        ControlState state = control.current();
        MigrationPhase phase = state.phase();
        Store routed = ReadRouter.storeFor(id, state);
        Uni<Served> read;
        if (routed == phase.primary()) {
            read = readFrom(phase.primary(), id);
        } else if (unmirrored.tokenPending(id)) {
            read = fallback(routed, "unmirrored", phase.primary(), id);
        } else {
            read = stores.of(routed).find(id)
                    .map(found -> new Served(routed, found))
                    .onFailure().recoverWithUni(failure -> fallback(routed, "failed", phase.primary(), id))
                    .flatMap(served -> {
                        if (served.store() != routed) {
                            return Uni.createFrom().item(served);
                        }
                        if (served.record().isEmpty()) {
                            return fallback(routed, MISSING, phase.primary(), id);
                        }
                        if (unmirrored.familyPending(served.record().get().familyId())) {
                            return fallback(routed, "unmirrored", phase.primary(), id);
                        }
                        return Uni.createFrom().item(served);
                    });
        }
        return read.map(served -> {
            Counter.builder(TandemMetrics.READS)
                    .description("Token reads answered, by the store that answered")
                    .tag("store", served.store().wireName())
                    .register(registry)
                    .increment();
            served.record().ifPresent(record -> clock.observe(record.version()));
            if (phase == MigrationPhase.SHADOW_READ && shadow.sampled()) {
                shadow.compareLater(id, served.store(), served.record());
            }
            return served.record();
        });
    }

    /**
     * Reads from the primary instead of {@code missed}. A miss counts only when the primary has the
     * token: a token that neither store holds is a plain 404, not a fallback.
     */
    private Uni<Served> fallback(Store missed, String reason, Store primary, String id) {
        return readFrom(primary, id).invoke(served -> {
            if (!reason.equals(MISSING) || served.record().isPresent()) {
                Counter.builder(TandemMetrics.READ_FALLBACKS)
                        .description("Reads the routed store could not answer, answered by the primary")
                        .tags("store", missed.wireName(), "reason", reason)
                        .register(registry)
                        .increment();
            }
        });
    }

    private Uni<Served> readFrom(Store store, String id) {
        return stores.of(store).find(id).map(found -> new Served(store, found));
    }

    /** A read's answer and the store that gave it. */
    private record Served(Store store, Optional<TokenRecord> record) {
    }
}
