package dev.tandem.orchestrator.guard;

import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.orchestrator.phase.MigrationPhase;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillCompleteGuardTest {
    private static final Instant LAST_EXPIRY = Instant.parse("2026-11-27T16:00:00Z");

    private static BackfillStatus status(BackfillState state, long scanned, long total, long liveOnlyInLegacy, String error) {
        return new BackfillStatus(state, scanned, scanned - 10, 4, 6, 0, total, 1000, 1000, null, 7L, "ff", liveOnlyInLegacy,
                liveOnlyInLegacy > 0 ? LAST_EXPIRY : null, "orchestrator-1", null, null, null, null, null, error);
    }

    @Test
    void failsUntilABackfillHasRun() {
        GuardVerdict verdict = BackfillCompleteGuard.verdict(BackfillStatus.never(), MigrationPhase.SHADOW_READ);

        assertThat(verdict.status()).isEqualTo(GuardStatus.FAILED);
        assertThat(verdict.reason()).isEqualTo(BackfillCompleteGuard.NEVER_STARTED);
    }

    @Test
    void aRunningBackfillFailsWithItsProgress() {
        GuardVerdict verdict = BackfillCompleteGuard.verdict(status(BackfillState.RUNNING, 40_000, 100_000, 0, null),
                MigrationPhase.SHADOW_READ);

        assertThat(verdict.status()).isEqualTo(GuardStatus.FAILED);
        assertThat(verdict.reason()).isEqualTo("backfill running: 40,000 of about 100,000 rows scanned (40%), about 7s to go");
    }

    @Test
    void aFailedBackfillNamesItsError() {
        GuardVerdict verdict = BackfillCompleteGuard.verdict(status(BackfillState.FAILED, 500, 1000, 0, "engine unreachable"),
                MigrationPhase.SHADOW_READ);

        assertThat(verdict.reason()).contains("backfill failed after 500 rows: engine unreachable");
    }

    @Test
    void liveTokensOnlyInLegacyBlockOnlyTheStepsThatMoveReads() {
        BackfillStatus done = status(BackfillState.DONE, 1000, 1000, 12, null);

        GuardVerdict toShadow = BackfillCompleteGuard.verdict(done, MigrationPhase.SHADOW_READ);
        GuardVerdict toReadEngine = BackfillCompleteGuard.verdict(done, MigrationPhase.READ_ENGINE);

        assertThat(toShadow.ok()).isTrue();
        assertThat(toReadEngine.status()).isEqualTo(GuardStatus.FAILED);
        assertThat(toReadEngine.reason()).isEqualTo("12 live tokens exist only in legacy (skipped as expiring soon) until "
                + LAST_EXPIRY + "; reads may move to the engine after that");
    }

    @Test
    void aDoneBackfillPassesWithItsCounts() {
        GuardVerdict verdict = BackfillCompleteGuard.verdict(status(BackfillState.DONE, 1000, 1000, 0, null),
                MigrationPhase.READ_ENGINE);

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.reason()).isEqualTo("backfill done: 990 rows copied, 10 skipped as expired or expiring");
    }
}
