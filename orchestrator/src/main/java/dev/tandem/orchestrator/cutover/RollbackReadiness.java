package dev.tandem.orchestrator.cutover;

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
    public static final String UNMIRRORED = "%d writes acknowledged by the engine are not mirrored to legacy on this"
            + " instance (failed mirror writes waiting for the checker's repair): a rollback now would lose them";
    public static final String CHECKER_GAPS = "the checker reports %d settled differences in legacy (%d missing_in_legacy,"
            + " %d field_mismatch, as of %s): a rollback now would lose them";
    public static final String ALL_MIRRORED = "every write acknowledged by the engine on this instance was mirrored to"
            + " legacy (no failed legacy mirror write pending)";
    public static final String CHECKER_CLEAN = "; the checker reports no settled difference in legacy (as of %s)";
    public static final String CHECKER_NOT_WIRED = "; other instances' mirror failures are not known here (no checker"
            + " report)";
    public static final String NO_ROLLBACK = "no rollback: " + MigrationPhase.POINT_OF_NO_RETURN + " is the point of no"
            + " return";

    /**
     * Readiness in {@code phase}.
     *
     * @param unmirroredToLegacy tokens and families whose legacy mirror write failed on this instance and
     *                           are not known repaired
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
