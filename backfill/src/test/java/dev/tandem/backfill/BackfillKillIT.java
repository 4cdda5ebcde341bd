package dev.tandem.backfill;

import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backfill killed with SIGKILL mid-run (BackfillMain in a child JVM) and resumed by another
 * instance ends exactly as an uninterrupted run, and its checkpoint never goes backwards.
 */
class BackfillKillIT {
    private static final int ROWS = 3_000;

    private Stores killed;
    private Stores clean;
    private Process child;

    @BeforeEach
    void setUp() {
        killed = new Stores();
        killed.seedLegacy(Stores.oldTokens(ROWS, 31));
        clean = new Stores(killed.legacyEndpoint);
    }

    @AfterEach
    void tearDown() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (killed != null) {
            killed.close();
        }
        if (clean != null) {
            clean.close();
        }
    }

    @Test
    void backfillKilledMidRunResumesFromItsCheckpointAndEndsAsACleanRun() throws Exception {
        Path log = Files.createTempFile("backfill-child", ".log");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackfillMain.class.getName(),
                "--legacy-url", killed.legacyEndpoint.jdbcUrl(), "--legacy-user", killed.legacyEndpoint.user(),
                "--engine-url", killed.engineEndpoint.jdbcUrl(), "--engine-user", killed.engineEndpoint.user(),
                "--owner", "child", "--quiet", "--rows.per.second", "800", "--chunk.size", "100", "--lease.seconds", "2")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Passwords travel through the environment, out of the process list, as the usage asks.
        command.environment().put("BACKFILL_LEGACY_PASSWORD", killed.legacyEndpoint.password());
        command.environment().put("BACKFILL_ENGINE_PASSWORD", killed.engineEndpoint.password());
        child = command.start();

        List<String> checkpoints = new ArrayList<>();
        try (Backfill observer = killed.backfill("parent")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(child.isAlive()).as("child still running; its log: %s", log).isTrue();
                BackfillStatus status = observer.status();
                record(checkpoints, status.lastId());
                return status.rowsScanned() >= 1_000;
            });
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            BackfillStatus atKill = observer.status();
            record(checkpoints, atKill.lastId());
            assertThat(atKill.state()).isEqualTo(BackfillState.RUNNING);
            assertThat(atKill.owner()).isEqualTo("child");
            assertThat(atKill.rowsScanned()).isLessThan(ROWS);

            // The dead child's lease must run out before another instance may continue.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                observer.resume();
                return observer.runningHere();
            });
            observer.setRowsPerSecond(0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                BackfillStatus status = observer.status();
                record(checkpoints, status.lastId());
                return status.state() == BackfillState.DONE;
            });
            BackfillStatus resumed = observer.status();

            try (Backfill uninterrupted = clean.backfill("clean")) {
                uninterrupted.start(BackfillSettings.defaults());
                BackfillStatus reference = BackfillControlIT.awaitDone(uninterrupted);
                assertThat(resumed.rowsScanned()).isEqualTo(ROWS).isEqualTo(reference.rowsScanned());
                assertThat(resumed.rowsCopied()).as("no chunk counted twice").isEqualTo(reference.rowsCopied());
                assertThat(resumed.rowsSkippedNewerInEngine()).as("no chunk applied twice").isZero();
                assertThat(resumed.lastId()).isEqualTo(reference.lastId());
            }
        }
        List<TokenRecord> afterKill = killed.allInEngine();
        assertThat(afterKill).hasSize(ROWS).containsExactlyElementsOf(clean.allInEngine());
        assertThat(checkpoints).as("checkpoints seen, in order").isSortedAccordingTo(String::compareTo).hasSizeGreaterThan(3);
    }

    private static void record(List<String> checkpoints, String lastId) {
        if (lastId != null && (checkpoints.isEmpty() || !checkpoints.get(checkpoints.size() - 1).equals(lastId))) {
            checkpoints.add(lastId);
        }
    }
}
