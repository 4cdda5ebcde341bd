package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.util.List;

/**
 * A proposed change of the control state: the whole target state, decided on revision
 * {@code expectedRevision}.
 *
 * @param expectedRevision the revision the change was decided on
 * @param phase            target phase
 * @param readFlag         target read flag
 * @param rampPercent      target ramp, 0-100
 * @param action           what the operator asked for: {@code phase}, {@code reads} or {@code rollback}
 * @param actor            who asked (the admin token's name)
 * @param reason           why, in the operator's words (required)
 * @param forced           whether failing guards were overridden
 * @param guards           the guard verdicts the change was decided with, kept in the audit
 */
public record ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                            String action, String actor, String reason, boolean forced, List<String> guards) {
}
