package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.checker.SettledLegacyGaps;
import dev.tandem.orchestrator.phase.MigrationPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackReadinessTest {
    private static final Instant AS_OF = Instant.parse("2025-01-01T10:00:00Z");

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE"})
    void whileLegacyIsPrimaryARollbackIsLossless(MigrationPhase phase) {
        RollbackReadiness readiness = RollbackReadiness.assess(phase, 0, Optional.empty());

        assertThat(readiness).isEqualTo(new RollbackReadiness(true,
                "legacy is the primary in " + phase + ": it has every acknowledged write"));
    }

    @Test
    void inWriteEngineReplayQueueEntriesTowardLegacyMakeARollbackLossyAndAreCounted() {
        RollbackReadiness readiness = RollbackReadiness.assess(MigrationPhase.WRITE_ENGINE, 3, Optional.empty());

        assertThat(readiness.lossless()).isFalse();
        assertThat(readiness.detail()).isEqualTo("3 writes acknowledged by the engine are not in legacy yet (entries of the"
                + " replay queue toward legacy, every instance's, waiting to be replayed): a rollback now would lose them");
    }

    @Test
    void inWriteEngineTheCheckersSettledGapsMakeARollbackLossy() {
        SettledLegacyGaps.Counts counts = new SettledLegacyGaps.Counts(2, 1, AS_OF);

        RollbackReadiness readiness = RollbackReadiness.assess(MigrationPhase.WRITE_ENGINE, 0, Optional.of(counts));

        assertThat(readiness).isEqualTo(new RollbackReadiness(false, "the checker reports 3 settled differences in legacy"
                + " (2 missing_in_legacy, 1 field_mismatch, as of 2025-01-01T10:00:00Z): a rollback now would lose them"));
    }

    @Test
    void inWriteEngineWithEveryWriteMirroredARollbackIsLosslessAndSaysWhatItRestsOn() {
        assertThat(RollbackReadiness.assess(MigrationPhase.WRITE_ENGINE, 0, Optional.empty()))
                .isEqualTo(new RollbackReadiness(true, RollbackReadiness.ALL_MIRRORED + RollbackReadiness.CHECKER_NOT_WIRED));
        assertThat(RollbackReadiness.assess(MigrationPhase.WRITE_ENGINE, 0, Optional.of(new SettledLegacyGaps.Counts(0, 0, AS_OF))))
                .isEqualTo(new RollbackReadiness(true, RollbackReadiness.ALL_MIRRORED
                        + "; the checker reports no settled difference in legacy (as of 2025-01-01T10:00:00Z)"));
    }

    @Test
    void engineOnlyHasNoRollback() {
        assertThat(RollbackReadiness.assess(MigrationPhase.ENGINE_ONLY, 0, Optional.empty()))
                .isEqualTo(new RollbackReadiness(false, "no rollback: ENGINE_ONLY is the point of no return"));
    }
}
