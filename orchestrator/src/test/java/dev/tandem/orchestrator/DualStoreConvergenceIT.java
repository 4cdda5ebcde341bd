package dev.tandem.orchestrator;

import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.orchestrator.stores.FreshStores;
import dev.tandem.testing.RandomTokens;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design's central promise on the real servers: concurrent writes to one token never leave
 * the two stores in different final states, whatever order each store sees them in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DualStoreConvergenceIT {
    private static final int WRITERS = 32;
    private static final int IDS = 100;
    private static final int WRITES_PER_WRITER = 60;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FreshStores stores;

    @BeforeAll
    void createStores() {
        stores = FreshStores.create(WRITERS);
    }

    @AfterAll
    void closeStores() {
        stores.close();
    }

    /** What was sent for one id: every upsert's version, and whether any write revoked it. */
    private record Sent(List<Long> versions, AtomicBoolean revoked) {
        Sent() {
            this(java.util.Collections.synchronizedList(new ArrayList<>()), new AtomicBoolean());
        }
    }

    @Test
    void racingWritersInRandomStoreOrderLeaveBothStoresEqual() throws Exception {
        RandomTokens random = new RandomTokens(System.nanoTime());
        List<TokenRecord> initial = new ArrayList<>();
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        for (int i = 0; i < IDS; i++) {
            TokenRecord record = random.record().toBuilder().revokedAt(null).version(1).build();
            initial.add(record);
            sent.put(record.id(), new Sent());
            await(stores.legacy.upsert(record));
            await(stores.engine.upsert(record));
        }
        Set<Long> usedVersions = ConcurrentHashMap.newKeySet();

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            long writerSeed = random.seed() + w;
            writers.add(pool.submit(() -> write(new Random(writerSeed), new RandomTokens(writerSeed), initial, sent, usedVersions)));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();

        Set<TokenField> coarse = EnumSet.noneOf(TokenField.class);
        coarse.addAll(stores.legacy.approximatedFields());
        coarse.addAll(stores.engine.approximatedFields());
        for (TokenRecord token : initial) {
            TokenRecord inLegacy = await(stores.legacy.find(token.id())).orElseThrow();
            TokenRecord inEngine = await(stores.engine.find(token.id())).orElseThrow();
            Sent writes = sent.get(token.id());
            assertThat(TokenComparison.differences(inLegacy, inEngine, coarse))
                    .as("legacy and engine disagree on %s (seed %d)", token.id(), random.seed()).isEmpty();
            assertThat(inEngine.version()).as("the newest upsert wins; revocations never move the version")
                    .isEqualTo(writes.versions().stream().mapToLong(Long::longValue).max().orElse(1));
            assertThat(inEngine.isRevoked()).as("revoked exactly when a write revoked it").isEqualTo(writes.revoked().get());
        }
    }

    private void write(Random random, RandomTokens tokens, List<TokenRecord> initial, Map<String, Sent> sent, Set<Long> usedVersions) {
        for (int i = 0; i < WRITES_PER_WRITER; i++) {
            TokenRecord target = initial.get(random.nextInt(initial.size()));
            Sent record = sent.get(target.id());
            List<TokenStore> order = random.nextBoolean()
                    ? List.of(stores.legacy, stores.engine) : List.of(stores.engine, stores.legacy);
            if (random.nextInt(10) == 0) {
                Instant revokedAt = target.issuedAt().plusSeconds(1 + random.nextInt(1000));
                record.revoked().set(true);
                order.forEach(store -> await(store.revoke(target.id(), revokedAt)));
            } else {
                long version = uniqueVersion(usedVersions);
                record.versions().add(version);
                TokenRecord update = tokens.record(target.kind()).toBuilder()
                        .id(target.id()).revokedAt(null).version(version).build();
                order.forEach(store -> await(store.upsert(update)));
            }
        }
    }

    /** Random, but unique: the clock guarantees unique versions, and the merge relies on it. */
    private static long uniqueVersion(Set<Long> used) {
        while (true) {
            long version = ThreadLocalRandom.current().nextLong(2, 1L << 40);
            if (used.add(version)) {
                return version;
            }
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
