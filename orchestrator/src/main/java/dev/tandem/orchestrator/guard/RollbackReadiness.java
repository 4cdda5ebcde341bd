package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.checker.SettledLegacyGaps;
import dev.tandem.orchestrator.phase.MigrationPhase;

import java.util.Optional;

/**
 * Whether a rollback to legacy now would lose anything, and what.
 *
 * @param lossless whether legacy holds every write acknowledged so far
 * @param detail   why, with the numbers
 */
public record RollbackReadiness(boolean lossless, String detail) {
    public static final String LEGACY_PRIMARY = "legacy is the primary in %s: it has every acknowledged write";
    public static final String UNMIRRORED = "%d writes acknowledged by the engine are not in legacy yet (entries of the"
            + " replay queue toward legacy, every instance's, waiting to be replayed): a rollback now would lose them";
    public static final String CHECKER_GAPS = "the checker reports %d settled differences in legacy (%d missing_in_legacy,"
            + " %d field_mismatch, as of %s): a rollback now would lose them";
    public static final String ALL_MIRRORED = "every write acknowledged by the engine, on every instance, was mirrored"
            + " to legacy (the replay queue holds no entry toward legacy)";
    public static final String CHECKER_CLEAN = "; the checker reports no settled difference in legacy (as of %s)";
    public static final String CHECKER_NOT_WIRED = "; no checker report on differences from other causes";
    public static final String NO_ROLLBACK = "no rollback: " + MigrationPhase.POINT_OF_NO_RETURN + " is the point of no"
            + " return";

    /**
     * Readiness in {@code phase}.
     *
     * @param unmirroredToLegacy entries of the replay queue (every instance's) whose write legacy missed
     * @param checker            the checker's settled counts, when known
     */
    public static RollbackReadiness assess(MigrationPhase phase, int unmirroredToLegacy,
                                           Optional<SettledLegacyGaps.Counts> checker) {
        if (phase == MigrationPhase.POINT_OF_NO_RETURN) {
            return new RollbackReadiness(false, NO_ROLLBACK);
        }
        if (phase.primary() == MigrationPhase.Store.LEGACY) {
            return new RollbackReadiness(true, LEGACY_PRIMARY.formatted(phase));
        }
        // The engine is primary (WRITE_ENGINE): legacy has a write only if its mirror write succeeded.
        if (unmirroredToLegacy > 0) {
            return new RollbackReadiness(false, UNMIRRORED.formatted(unmirroredToLegacy));
        }
        if (checker.isPresent() && checker.get().total() > 0) {
            SettledLegacyGaps.Counts counts = checker.get();
            return new RollbackReadiness(false, CHECKER_GAPS.formatted(counts.total(), counts.missingInLegacy(),
                    counts.fieldMismatch(), counts.asOf()));
        }
        return new RollbackReadiness(true, ALL_MIRRORED
                + checker.map(counts -> CHECKER_CLEAN.formatted(counts.asOf())).orElse(CHECKER_NOT_WIRED));
    }
}
