package dev.tandem.orchestrator.checker;

import java.time.Instant;
import java.util.Optional;

/**
 * The consistency checker's settled differences that a rollback to legacy would lose: tokens the
 * engine holds and legacy lacks ({@code missing_in_legacy}) and tokens whose legacy copy differs
 * ({@code field_mismatch}). Settled means the checker saw them outlast its settle window, so they
 * are not just writes in flight.
 *
 * <p>How the rollback readiness (the guard package's {@code RollbackReadinessProbe}) learns what
 * other instances' failed mirror writes left behind ({@link CheckerLegacyGaps} answers it from the
 * checker's latest report); while no checker
 * reports, it is unknown and readiness rests on this instance's own record of failed mirror
 * writes. An implementation answers from memory and never blocks.
 */
public interface SettledLegacyGaps {

    /** The latest settled counts, or empty when no checker report is available. */
    Optional<Counts> current();

    /**
     * @param missingInLegacy tokens the engine holds and legacy lacks
     * @param fieldMismatch   tokens whose legacy copy differs from the engine's
     * @param asOf            when the checker computed the counts
     */
    record Counts(long missingInLegacy, long fieldMismatch, Instant asOf) {
        public long total() {
            return missingInLegacy + fieldMismatch;
        }
    }
}
