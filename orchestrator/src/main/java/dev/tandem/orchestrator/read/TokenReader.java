package dev.tandem.orchestrator.read;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStoreException;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.write.ReplayQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * The read path: the store {@link ReadRouter} picks serves the read, and read-your-writes holds in
 * every phase, on every instance. The primary has every acknowledged write; the mirror has them
 * too, or the write is in the {@link ReplayQueue} (every instance's, cluster-wide). So:
 * <ul>
 *   <li>a token with a pending entry (or whose family has one) is read from both stores and served
 *       as their merge ({@code reason="replay_pending"}): right whatever the phase is now, whichever
 *       store missed the write;</li>
 *   <li>a read routed to a store other than the primary first waits until the queue's follower is
 *       caught up ({@link ReplayQueue#caughtUp()}), so that an entry acknowledged through another
 *       instance before the read began is known; when that cannot be confirmed in time, the primary
 *       serves ({@code reason="queue_unknown"}). Reads from the primary need no wait;</li>
 *   <li>the routed store misses the token ({@code reason="missing"}: a new token whose mirror is
 *       still queued) or fails ({@code reason="failed"}): the primary answers.</li>
 * </ul>
 * Each fallback is counted in {@code tandem_read_fallbacks_total{store,reason}}. In {@code SHADOW_READ}
 * a sample of reads is also compared with the other store ({@link ShadowReader}).
 */
@ApplicationScoped
public class TokenReader {
    private static final String MISSING = "missing";
    private static final String REPLAY_PENDING = "replay_pending";
    private static final String QUEUE_UNKNOWN = "queue_unknown";
    private final ControlPlane control;
    private final MeteredStores stores;
    private final HybridLogicalClock clock;
    private final ReplayQueue queue;
    private final ShadowReader shadow;
    private final MeterRegistry registry;

    @Inject
    public TokenReader(ControlPlane control, MeteredStores stores, HybridLogicalClock clock,
                       ReplayQueue queue, ShadowReader shadow, MeterRegistry registry) {
        this.control = control;
        this.stores = stores;
        this.clock = clock;
        this.queue = queue;
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
            read = queue.tokenPending(id) ? merged(routed, phase.primary(), id, queue.tokenMissedBy(id))
                    : readFrom(phase.primary(), id).flatMap(served -> familyChecked(served, routed, phase.primary(), id));
        } else {
            read = queue.caughtUp()
                    .onItemOrFailure().transformToUni((ignored, failure) -> failure != null
                            ? fallback(routed, QUEUE_UNKNOWN, phase.primary(), id)
                            : fromRouted(routed, phase.primary(), id));
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

    /** A read from {@code routed}, not the primary, once the queue is known caught up. */
    private Uni<Served> fromRouted(Store routed, Store primary, String id) {
        if (queue.tokenPending(id)) {
            return merged(routed, primary, id, queue.tokenMissedBy(id));
        }
        return stores.of(routed).find(id)
                .map(found -> new Served(routed, found))
                .onFailure().recoverWithUni(failure -> fallback(routed, "failed", primary, id))
                .flatMap(served -> {
                    if (served.store() != routed) {
                        return Uni.createFrom().item(served);
                    }
                    if (served.record().isEmpty()) {
                        return fallback(routed, MISSING, primary, id);
                    }
                    return familyChecked(served, routed, primary, id);
                });
    }

    /** {@code served}, unless its family has a pending revocation: then both stores, merged. */
    private Uni<Served> familyChecked(Served served, Store routed, Store primary, String id) {
        String family = served.record().map(TokenRecord::familyId).orElse(null);
        if (!queue.familyPending(family)) {
            return Uni.createFrom().item(served);
        }
        return merged(routed, primary, id, queue.familyMissedBy(family));
    }

    /**
     * Both stores' records merged ({@link TokenRecord#merge}), counted as a fallback of
     * {@code routed}. Where one store fails, the other serves if it is not a store that missed the
     * pending write ({@code missedBy}); otherwise the read fails: it could serve an older state.
     */
    private Uni<Served> merged(Store routed, Store primary, String id, Set<Store> missedBy) {
        Uni<Optional<Optional<TokenRecord>>> legacy = lookup(Store.LEGACY, id);
        Uni<Optional<Optional<TokenRecord>>> engine = lookup(Store.ENGINE, id);
        return Uni.combine().all().unis(legacy, engine).asTuple().map(both -> {
            Optional<Optional<TokenRecord>> fromLegacy = both.getItem1();
            Optional<Optional<TokenRecord>> fromEngine = both.getItem2();
            Optional<TokenRecord> record;
            Store served = primary;
            if (fromLegacy.isPresent() && fromEngine.isPresent()) {
                record = Optional.ofNullable(TokenRecord.merge(fromLegacy.get().orElse(null), fromEngine.get().orElse(null)));
            } else if (fromLegacy.isPresent() && !missedBy.contains(Store.LEGACY)) {
                record = fromLegacy.get();
                served = Store.LEGACY;
            } else if (fromEngine.isPresent() && !missedBy.contains(Store.ENGINE)) {
                record = fromEngine.get();
                served = Store.ENGINE;
            } else {
                throw new TokenStoreException(fromLegacy.isPresent() ? stores.of(Store.ENGINE).name()
                        : stores.of(Store.LEGACY).name(), true, "a write of token " + id + " waits in the replay queue"
                        + " and the store that holds it could not be read", null);
            }
            countFallback(routed, REPLAY_PENDING);
            return new Served(served, record.filter(found -> !found.deleted()));
        });
    }

    /** A lookup (tombstones included), empty when the store failed. */
    private Uni<Optional<Optional<TokenRecord>>> lookup(Store store, String id) {
        return stores.of(store).lookup(id).map(Optional::of).onFailure().recoverWithItem(Optional.empty());
    }

    /**
     * Reads from the primary instead of {@code missed}. A miss counts only when the primary has the
     * token: a token that neither store holds is a plain 404, not a fallback.
     */
    private Uni<Served> fallback(Store missed, String reason, Store primary, String id) {
        return readFrom(primary, id).invoke(served -> {
            if (!reason.equals(MISSING) || served.record().isPresent()) {
                countFallback(missed, reason);
            }
        });
    }

    private void countFallback(Store missed, String reason) {
        Counter.builder(TandemMetrics.READ_FALLBACKS)
                .description("Reads the routed store could not answer alone, answered by the primary or by both stores")
                .tags("store", missed.wireName(), "reason", reason)
                .register(registry)
                .increment();
    }

    private Uni<Served> readFrom(Store store, String id) {
        return stores.of(store).find(id).map(found -> new Served(store, found));
    }

    /** A read's answer and the store that gave it. */
    private record Served(Store store, Optional<TokenRecord> record) {
    }
}
