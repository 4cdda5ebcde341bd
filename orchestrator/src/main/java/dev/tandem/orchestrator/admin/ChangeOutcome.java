package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.guard.GuardVerdict;

import java.util.List;

/**
 * What a change did, or for a dry run what it would do; answered as {@code dev.tandem.admin.view.ChangeResult}
 * ({@link AdminViews}).
 *
 * @param action  {@code phase}, {@code reads} or {@code rollback}
 * @param applied whether the change is now in effect (never for a dry run)
 * @param dryRun  whether this was only a plan
 * @param from    the state the change was decided on
 * @param to      the state it leads (or would lead) to
 * @param forced  whether failing guards were (or would be) overridden
 * @param guards  the verdicts of the step's guards; empty when the step needs none
 * @param refusal why a dry run's change would be refused, or null when it would be applied
 */
public record ChangeOutcome(String action, boolean applied, boolean dryRun, ControlState from, ControlState to,
                           boolean forced, List<GuardVerdict> guards, String refusal) {
}
