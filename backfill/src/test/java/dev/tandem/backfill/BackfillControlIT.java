package dev.tandem.backfill;

import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start, pause, resume, rate, refusals and the lease between two instances, against real databases. */
class BackfillControlIT {
    private static final Duration DONE_WITHIN = Duration.ofSeconds(60);

    private Stores stores;
    private Backfill first;
    private Backfill second;

    @BeforeEach
    void setUp() {
        stores = new Stores();
        first = stores.backfill("instance-a");
        second = stores.backfill("instance-b");
    }

    @AfterEach
    void tearDown() {
        if (stores != null) {
            first.close();
            second.close();
            stores.close();
        }
    }

    @Test
    void pausedBackfillHoldsItsCheckpointUntilResumed() {
        stores.seedLegacy(Stores.oldTokens(1_500, 1));
        first.start(settings(Map.of("rows.per.second", "1000", "chunk.size", "100")));
        await().atMost(DONE_WITHIN).until(() -> first.status().rowsScanned() >= 200);

        assertThat(first.pause().state()).isEqualTo(BackfillState.PAUSED);
        // The chunk in flight may still commit; after that the checkpoint stands still.
        String[] held = new String[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    String now = first.status().lastId();
                    boolean still = now != null && now.equals(held[0]);
                    held[0] = now;
                    return still;
                });
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> held[0].equals(first.status().lastId()));
        assertThat(first.status().rowsScanned()).isLessThan(1_500);

        assertThat(first.resume().state()).isEqualTo(BackfillState.RUNNING);
        BackfillStatus done = awaitDone(first);
        assertThat(done.rowsScanned()).isEqualTo(1_500);
        assertThat(done.rowsCopied()).isEqualTo(1_500);
        assertThat(stores.allInEngine()).hasSize(1_500);
    }

    @Test
    void startingADoneBackfillIsRefusedUnlessRestarted() {
        stores.seedLegacy(Stores.oldTokens(60, 2));
        first.start(BackfillSettings.defaults());
        BackfillStatus done = awaitDone(first);
        assertThat(done.rowsCopied()).isEqualTo(60);

        assertThatThrownBy(() -> first.start(BackfillSettings.defaults()))
                .isInstanceOf(BackfillException.class)
                .hasMessage(Backfill.ALREADY_DONE.formatted(done.finishedAt(), 60, 60))
                .extracting(e -> ((BackfillException) e).reason()).isEqualTo(BackfillException.Reason.CONFLICT);
        assertThatThrownBy(first::resume).hasMessageStartingWith("the backfill is DONE");

        first.start(BackfillSettings.defaults(), true);
        BackfillStatus again = awaitDone(first);
        assertThat(again.rowsScanned()).isEqualTo(60);
        assertThat(again.rowsCopied()).as("the engine holds every row already").isZero();
        assertThat(again.rowsSkippedNewerInEngine()).isEqualTo(60);
    }

    @Test
    void anotherInstanceCannotRunTheJobWhileTheLeaseIsHeldButTakesOverWhenReleased() {
        stores.seedLegacy(Stores.oldTokens(800, 3));
        first.start(settings(Map.of("rows.per.second", "400", "chunk.size", "50")));
        await().atMost(DONE_WITHIN).until(() -> first.status().rowsScanned() > 0);

        assertThatThrownBy(() -> second.start(BackfillSettings.defaults(), true))
                .isInstanceOf(BackfillException.class)
                .hasMessageStartingWith("the backfill is RUNNING on instance instance-a, whose lease runs until");
        assertThat(second.resume().owner()).isEqualTo("instance-a");
        assertThat(second.runningHere()).isFalse();
        assertThat(second.takeOverIfOrphaned()).isFalse();

        first.close();
        assertThat(second.status().state()).as("closing an instance keeps the job RUNNING for another").isEqualTo(BackfillState.RUNNING);
        assertThat(second.takeOverIfOrphaned()).isTrue();
        second.setRowsPerSecond(0);
        BackfillStatus done = awaitDone(second);
        assertThat(done.owner()).isEqualTo("instance-b");
        assertThat(done.rowsScanned()).isEqualTo(800);
        assertThat(done.rowsCopied()).isEqualTo(800);
    }

    @Test
    void rateLimitIsHonoured() {
        stores.seedLegacy(Stores.oldTokens(600, 4));
        long start = System.nanoTime();
        first.start(settings(Map.of("rows.per.second", "300")));
        await().atMost(DONE_WITHIN).until(() -> first.status().effectiveRowsPerSecond() == 300);
        awaitDone(first);
        // 600 rows at 300 rows/s: the first chunk (30 rows) goes at once, the rest takes about 1.9 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_500));
    }

    @Test
    void operationsWithoutABackfillAreRefused() {
        assertThat(first.status()).isEqualTo(BackfillStatus.never());
        assertThatThrownBy(first::resume).isInstanceOf(BackfillException.class).hasMessage(Backfill.NONE);
        assertThatThrownBy(first::pause).isInstanceOf(BackfillException.class).hasMessage(Backfill.NONE);
        assertThatThrownBy(() -> first.setRowsPerSecond(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid rows.per.second -1 (valid: 0 to 10000000)");
    }

    @Test
    void unmappableLegacyRowFailsTheBackfillNamingItAndResumeContinuesOnceFixed() throws Exception {
        List<TokenRecord> tokens = Stores.oldTokens(30, 5);
        stores.seedLegacy(tokens);
        String broken = tokens.get(0).id();
        String table = "hydra_oauth2_" + switch (tokens.get(0).kind()) {
            case ACCESS_TOKEN -> "access";
            case REFRESH_TOKEN -> "refresh";
            case AUTHORIZATION_CODE -> "code";
        };
        try (Connection connection = stores.legacyEndpoint.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + table + " SET session_data = '{}' WHERE signature = '" + broken + "'");
        }
        first.start(BackfillSettings.defaults());
        await().atMost(DONE_WITHIN).until(() -> first.status().state() == BackfillState.FAILED);
        BackfillStatus failed = first.status();
        assertThat(failed.error()).isEqualTo("legacy data the backfill cannot copy: legacy store: row " + table + "[" + broken
                + "] cannot be mapped: session_data has no expires_at object");
        assertThat(failed.rowsScanned()).as("nothing of the failed chunk is recorded").isZero();

        stores.legacy.upsert(tokens.get(0).withVersion(1)).await().atMost(Stores.TIMEOUT);
        first.resume();
        BackfillStatus done = awaitDone(first);
        assertThat(done.rowsCopied()).isEqualTo(30);
        assertThat(done.error()).isNull();
    }

    private static BackfillSettings settings(Map<String, String> values) {
        return BackfillSettings.fromMap(values);
    }

    static BackfillStatus awaitDone(Backfill backfill) {
        await().atMost(DONE_WITHIN).until(() -> {
            BackfillState state = backfill.status().state();
            if (state == BackfillState.FAILED) {
                throw new AssertionError("backfill FAILED: " + backfill.status().error());
            }
            return state == BackfillState.DONE;
        });
        return backfill.status();
    }
}
