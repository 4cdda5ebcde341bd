package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.verification.VerificationState;
import dev.tandem.verification.VerificationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationCleanGuardTest {
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(30);

    private static Optional<VerificationStatus> run(VerificationState state, String phase, Instant finishedAt, long differences) {
        return Optional.of(new VerificationStatus(7, state, phase, NOW.minusSeconds(3600), finishedAt, 100_000, 16, 32,
                50_000, differences, false, "1@host", state == VerificationState.FAILED ? "legacy unreachable" : null));
    }

    private static GuardVerdict verdict(Optional<VerificationStatus> latest) {
        return VerificationCleanGuard.verdict(latest, MigrationPhase.SHADOW_READ, MAX_AGE, NOW);
    }

    @Test
    void failsUntilAVerificationHasRun() {
        assertThat(verdict(Optional.empty()).reason()).isEqualTo(VerificationCleanGuard.NEVER_RAN);
    }

    @Test
    void aRunningOrFailedRunDoesNotCount() {
        assertThat(verdict(run(VerificationState.RUNNING, "SHADOW_READ", null, 0)).reason())
                .isEqualTo("verification run 7 is running: 16 of 32 chunks");
        assertThat(verdict(run(VerificationState.FAILED, "SHADOW_READ", NOW, 0)).reason())
                .startsWith("verification run 7 failed: legacy unreachable");
    }

    @Test
    void differencesFailWithTheirCount() {
        GuardVerdict verdict = verdict(run(VerificationState.DONE, "SHADOW_READ", NOW.minusSeconds(60), 3));

        assertThat(verdict.status()).isEqualTo(GuardStatus.FAILED);
        assertThat(verdict.reason()).startsWith("verification run 7 found 3 differences in 100,000 rows");
    }

    @Test
    void aRunOfAnotherPhaseOrTooOldIsStale() {
        assertThat(verdict(run(VerificationState.DONE, "DUAL_WRITE", NOW.minusSeconds(60), 0)).reason())
                .startsWith("verification run 7 is stale: it ran in DUAL_WRITE, the phase is SHADOW_READ");
        assertThat(verdict(run(VerificationState.DONE, "SHADOW_READ", NOW.minus(MAX_AGE).minusSeconds(1), 0)).reason())
                .startsWith("verification run 7 is stale: it finished 1801s ago, the limit is 1800s");
    }

    @Test
    void aCleanFreshRunPasses() {
        GuardVerdict verdict = verdict(run(VerificationState.DONE, "SHADOW_READ", NOW.minusSeconds(90), 0));

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.reason()).isEqualTo("verification run 7 clean: 100,000 rows equal, finished 90s ago in SHADOW_READ");
    }
}
