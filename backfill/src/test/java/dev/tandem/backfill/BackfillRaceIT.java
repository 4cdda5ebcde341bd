package dev.tandem.backfill;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.UpsertResult;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill racing the live dual-write (legacy first, then the engine, as the orchestrator's
 * MirroredWriter does in DUAL_WRITE) on the same ids: afterwards both stores agree on every id, no
 * newer record was overwritten, and no revoked token is usable.
 */
class BackfillRaceIT {
    private static final int SEEDED = 1_500;
    private static final int WRITERS = 3;

    private final HybridLogicalClock clock = new HybridLogicalClock(7);
    private final Map<String, Long> newestWritten = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private Stores stores;
    private Backfill backfill;

    @BeforeEach
    void setUp() {
        stores = new Stores();
        backfill = stores.backfill("instance-a");
    }

    @AfterEach
    void tearDown() {
        if (backfill != null) {
            backfill.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void backfillRacingDualWritesAndRevocationsLeavesBothStoresEqual() throws Exception {
        List<TokenRecord> seeded = Stores.oldTokens(SEEDED, 21);
        stores.seedLegacy(seeded);
        List<String> ids = new ArrayList<>(seeded.stream().map(TokenRecord::id).toList());
        seeded.stream().filter(TokenRecord::isRevoked).forEach(record -> revoked.add(record.id()));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            RandomTokens random = new RandomTokens(100 + w);
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    int draw = random.nextInt(10);
                    if (draw < 5) {
                        update(ids.get(random.nextInt(ids.size())), random);
                    } else if (draw < 8) {
                        revoke(ids.get(random.nextInt(ids.size())));
                    } else {
                        created.add(create(random));
                    }
                    writes.incrementAndGet();
                }
                return null;
            }));
        }
        // Slow enough that the live writes meet the backfill all along the key range.
        backfill.start(BackfillSettings.fromMap(Map.of("rows.per.second", "200", "chunk.size", "20")));
        BackfillStatus done;
        try {
            done = BackfillControlIT.awaitDone(backfill);
        } finally {
            stop.set(true);
            for (Future<?> writer : running) {
                writer.get();
            }
            writers.shutdown();
        }
        assertThat(writes.get()).as("live writes during the backfill").isGreaterThan(50);
        assertThat(done.rowsScanned()).isGreaterThanOrEqualTo(SEEDED);
        assertThat(done.rowsSkippedNewerInEngine()).as("rows the live writes had brought to the engine first").isPositive();

        Set<TokenField> coarse = EnumSet.copyOf(stores.legacy.approximatedFields());
        coarse.addAll(stores.engine.approximatedFields());
        Instant now = Instant.now();
        List<String> everyId = new ArrayList<>(ids);
        everyId.addAll(created);
        for (String id : everyId) {
            TokenRecord legacy = stores.inLegacy(id).orElseThrow();
            Optional<TokenRecord> engine = stores.inEngine(id);
            assertThat(engine).as("token %s in the engine", id).isPresent();
            assertThat(TokenComparison.differences(legacy, engine.get(), coarse)).as("token %s", id).isEmpty();
            assertThat(engine.get().version()).as("token %s: the newest write's version", id)
                    .isEqualTo(newestWritten.getOrDefault(id, 0L));
            if (revoked.contains(id)) {
                assertThat(engine.get().isActiveAt(now)).as("revoked token %s", id).isFalse();
            }
        }
    }

    private void update(String id, RandomTokens random) {
        TokenRecord current = stores.inLegacy(id).orElseThrow();
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenRecord next = current.toBuilder().scopes(random.scopes()).subject("user-" + random.nextInt(1000))
                .issuedAt(issued).expiresAt(issued.plus(Duration.ofDays(3))).version(clock.next()).build();
        dualWrite(next);
    }

    private String create(RandomTokens random) {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenRecord record = random.record().toBuilder().issuedAt(issued).expiresAt(issued.plus(Duration.ofDays(3)))
                .revokedAt(null).version(clock.next()).build();
        dualWrite(record);
        return record.id();
    }

    /** As MirroredWriter.upsert: the primary (legacy) first, then the mirror. */
    private void dualWrite(TokenRecord record) {
        UpsertResult primary = stores.legacy.upsert(record).await().atMost(Stores.TIMEOUT);
        if (primary.applied()) {
            newestWritten.merge(record.id(), record.version(), Math::max);
        }
        stores.engine.upsert(record).await().atMost(Stores.TIMEOUT);
    }

    /** As MirroredWriter.revoke: revoke legacy, then the engine; an engine that lacks the token gets it revoked. */
    private void revoke(String id) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(ThreadLocalRandom.current().nextInt(5));
        Optional<TokenRecord> primary = stores.legacy.revoke(id, at).await().atMost(Stores.TIMEOUT);
        if (primary.isEmpty()) {
            return;
        }
        revoked.add(id);
        if (stores.engine.revoke(id, at).await().atMost(Stores.TIMEOUT).isEmpty()) {
            stores.engine.upsert(primary.get().toBuilder().revokedAt(at).build()).await().atMost(Stores.TIMEOUT);
        }
    }
}
