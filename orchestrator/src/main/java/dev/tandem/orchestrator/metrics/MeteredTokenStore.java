package dev.tandem.orchestrator.metrics;

import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.UpsertResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link TokenStore} that times every call into {@code tandem_store_operation_seconds}, by store,
 * operation and outcome. The clock starts at subscription, so a call waiting for a pool
 * connection counts: that wait is what a client feels.
 */
public final class MeteredTokenStore implements TokenStore {
    /** Buckets for the latency histogram: a store call is a few milliseconds when healthy. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final TokenStore store;
    private final MeterRegistry registry;

    public MeteredTokenStore(TokenStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The store behind the timer. */
    public TokenStore unwrap() {
        return store;
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Set<TokenField> approximatedFields() {
        return store.approximatedFields();
    }

    @Override
    public void requireStorable(TokenRecord record) {
        store.requireStorable(record);
    }

    @Override
    public Uni<UpsertResult> upsert(TokenRecord record) {
        return timed("upsert", () -> store.upsert(record));
    }

    /** Timed as {@code find}: a find is a lookup that skips tombstones. */
    @Override
    public Uni<Optional<TokenRecord>> lookup(String id) {
        return timed("find", () -> store.lookup(id));
    }

    @Override
    public Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt) {
        return timed("revoke", () -> store.revoke(id, revokedAt));
    }

    @Override
    public Uni<Optional<TokenRecord>> consume(String id, Instant consumedAt) {
        return timed("consume", () -> store.consume(id, consumedAt));
    }

    @Override
    public Uni<Integer> revokeFamily(String familyId, Instant revokedAt) {
        return timed("revoke_family", () -> store.revokeFamily(familyId, revokedAt));
    }

    @Override
    public Uni<List<TokenRecord>> family(String familyId) {
        return timed("family", () -> store.family(familyId));
    }

    @Override
    public Uni<Optional<TokenRecord>> delete(String id, long version) {
        return timed("delete", () -> store.delete(id, version));
    }

    @Override
    public Uni<Integer> purgeTombstones(Instant expiredBefore, int limit) {
        return timed("purge_tombstones", () -> store.purgeTombstones(expiredBefore, limit));
    }

    @Override
    public Uni<List<TokenRecord>> scan(String afterId, int limit) {
        return timed("scan", () -> store.scan(afterId, limit));
    }

    private <T> Uni<T> timed(String operation, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return call.get().onTermination().invoke((item, failure, cancelled) -> {
                String outcome = cancelled ? "cancelled" : failure != null ? "failure" : "success";
                timer(operation, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            });
        });
    }

    private Timer timer(String operation, String outcome) {
        // Micrometer caches meters by name and tags: building one per call costs a map look-up.
        return Timer.builder(TandemMetrics.STORE_OPERATION)
                .description("Calls into a token store, from subscription to answer")
                .tags("store", store.name(), "operation", operation, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
