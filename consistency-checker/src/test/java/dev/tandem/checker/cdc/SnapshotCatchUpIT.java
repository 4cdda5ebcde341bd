package dev.tandem.checker.cdc;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillSchema;
import dev.tandem.backfill.BackfillSettings;
import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.checker.CheckerConfig;
import dev.tandem.checker.verdict.CheckRole;
import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.seed.LegacySeeder;
import dev.tandem.seed.SeedOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checker's first start over stores that already hold a real-sized token table, as at the start
 * of every migration: both captures snapshot their store, and the check must classify every id and
 * catch up, not fall further behind. At 100,000 ids it once processed a few events per second and
 * never caught up (its pending ids re-armed their timers on every punctuation), which no test at
 * 5,000 rows showed: the size is the point of this test.
 */
class SnapshotCatchUpIT {
    private static final int TOKENS = 100_000;
    /** Generous for 2 busy cores; what the test proves is that the check gets there at all. */
    private static final Duration CATCH_UP = Duration.ofMinutes(6);
    private static final long CAUGHT_UP_LAG_MS = 5_000;

    @Test
    void aCheckerStartedOverAHundredThousandEqualTokensClassifiesEveryOneAndCatchesUp() throws Exception {
        try (CdcTestEnvironment env = new CdcTestEnvironment()) {
            LegacySeeder.seed(new SeedOptions(env.legacy.host(), env.legacy.port(), env.legacy.database(),
                    env.legacy.user(), env.legacy.password(), TOKENS, 42, SeedOptions.DEFAULT_THREADS));
            BackfillStatus copied = copyToEngine(env);
            assertThat(copied.rowsCopied()).as("live rows copied").isGreaterThan(TOKENS / 2);

            env.settings.put(CheckerConfig.CHECK_APPLICATION_ID_CONFIG, "t-check-" + env.slot);
            env.settings.put(CheckerConfig.ROLES_CONFIG, CheckerConfig.ROLE_CDC + "," + CheckerConfig.ROLE_CHECK);
            CheckerConfig config = env.config();
            try (CdcRole capture = new CdcRole(config, new SimpleMeterRegistry());
                 CheckRole check = new CheckRole(config, new SimpleMeterRegistry())) {
                capture.start();
                check.start();
                await("every id classified and both streams caught up").atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            CheckerStatus status = check.status();
                            assertThat(status.events().get(Side.LEGACY) + status.events().get(Side.ENGINE))
                                    .as("events checked").isGreaterThanOrEqualTo(TOKENS + copied.rowsCopied());
                            assertThat(status.pending()).as("pending ids").isZero();
                            assertThat(status.lagMs().get(Side.LEGACY)).as("legacy lag, ms").isLessThan(CAUGHT_UP_LAG_MS);
                            assertThat(status.lagMs().get(Side.ENGINE)).as("engine lag, ms").isLessThan(CAUGHT_UP_LAG_MS);
                        });
                CheckerStatus status = check.status();
                assertThat(status.settled().get(Severity.CRITICAL)).as("settled critical").isZero();
                assertThat(status.settled().get(Severity.MAJOR)).as("settled major").isZero();
                // The only difference between the stores: rows already expired when the backfill read them stay
                // in legacy alone, which the check grades minor. Each of them, and nothing else.
                assertThat(status.byKind().get(VerdictKind.MISSING_IN_ENGINE)).as("missing in the engine")
                        .isEqualTo(copied.rowsSkippedExpired());
                assertThat(status.byKind().get(VerdictKind.MISSING_IN_LEGACY)).as("missing in legacy").isZero();
                assertThat(status.byKind().get(VerdictKind.FIELD_MISMATCH)).as("field mismatches").isZero();
            }
        }
    }

    /** The real backfill, before any capture runs: the engine then holds every live legacy row. */
    private static BackfillStatus copyToEngine(CdcTestEnvironment env) {
        BackfillSchema.migrate(env.engine.jdbcUrl(), env.engine.user(), env.engine.password());
        try (Backfill backfill = new Backfill(
                () -> DriverManager.getConnection(env.legacy.jdbcUrl(), env.legacy.user(), env.legacy.password()),
                () -> DriverManager.getConnection(env.engine.jdbcUrl(), env.engine.user(), env.engine.password()),
                "snapshot-catch-up-it", null)) {
            backfill.start(new BackfillSettings(BackfillSettings.defaults().chunkSize(), 0, 0,
                    BackfillSettings.defaults().lagThresholdMs(), BackfillSettings.defaults().leaseSeconds()));
            await("backfill done").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> backfill.status().state() != BackfillState.RUNNING);
            BackfillStatus status = backfill.status();
            assertThat(status.state()).as("backfill: %s", status.error()).isEqualTo(BackfillState.DONE);
            return status;
        }
    }
}
