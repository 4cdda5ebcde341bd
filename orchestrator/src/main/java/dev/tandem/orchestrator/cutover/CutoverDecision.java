package dev.tandem.orchestrator.cutover;

import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.phase.MigrationPhase;

import java.util.List;

/** What the automatic cutover decided on one look at the state and the guards. */
public sealed interface CutoverDecision permits CutoverDecision.Hold, CutoverDecision.Step {

    /** Why, in words the audit or the status shows. */
    String reason();

    /** Nothing to do now. */
    record Hold(String reason) implements CutoverDecision {
    }

    /**
     * Move the control state to {@code phase} with ramp {@code rampPercent}.
     *
     * @param action      {@code phase} when the phase changes, {@code ramp} when only the ramp does
     * @param phase       target phase
     * @param rampPercent target ramp
     * @param back        whether this steps back toward legacy (divergence appeared)
     * @param reason      why, with the numbers
     * @param basis       the guard verdicts the decision rests on, kept in the audit
     */
    record Step(String action, MigrationPhase phase, int rampPercent, boolean back, String reason,
                List<GuardVerdict> basis) implements CutoverDecision {
        public Step {
            basis = List.copyOf(basis);
        }
    }
}
