package dev.tandem.orchestrator.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.util.List;

/**
 * A proposed change of the control state: the whole target state, decided on revision
 * {@code expectedRevision}.
 *
 * <p>{@code autoCutover} is part of the target state like the others. Log records written before it
 * existed lack the field and read as {@code false}: the automatic cutover was off then.
 *
 * @param expectedRevision the revision the change was decided on
 * @param phase            target phase
 * @param readFlag         target read flag
 * @param rampPercent      target ramp, 0-100
 * @param autoCutover      target automatic cutover policy: on or off
 * @param action           what was asked for: {@code phase}, {@code reads}, {@code rollback},
 *                         {@code auto-cutover} (the policy switched), or {@code ramp} (an automatic ramp step)
 * @param actor            who asked (the admin token's name, or {@code auto-cutover})
 * @param reason           why, in the operator's words (required)
 * @param forced           whether failing guards were overridden
 * @param guards           the guard verdicts the change was decided with, kept in the audit
 */
public record ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                            boolean autoCutover, String action, String actor, String reason, boolean forced,
                            List<String> guards) {

    @JsonCreator
    public ControlChange {
    }

    /** A change with the automatic cutover off in its target state. */
    public ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                         String action, String actor, String reason, boolean forced, List<String> guards) {
        this(expectedRevision, phase, readFlag, rampPercent, false, action, actor, reason, forced, guards);
    }
}
