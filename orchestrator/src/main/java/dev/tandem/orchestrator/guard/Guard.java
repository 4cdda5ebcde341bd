package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;

/**
 * One condition a forward phase step must meet unless forced. {@link PhaseGuards} decides which
 * guards a step needs. A guard never fails its Uni: a broken signal is a FAILED or UNKNOWN
 * verdict with the reason, so that an operator sees why.
 */
public interface Guard {

    /** A stable, kebab-case name that operators and tests match on. */
    String name();

    /** Judges the step {@code from -> to} now. */
    Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to);
}
