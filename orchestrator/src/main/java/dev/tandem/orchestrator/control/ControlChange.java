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
 * @param fence            for {@code switch-fence}: hold writes toward a phase, for at most a while (the
 *                         deadline is the event's time plus that); null for every other change, which lifts
 *                         any fence
 */
public record ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                            boolean autoCutover, String action, String actor, String reason, boolean forced,
                            List<String> guards, Hold fence) {
    /** The action of the change that holds writes for a switch of the primary (the barrier's first step). */
    public static final String SWITCH_FENCE = "switch-fence";
    /** The action of the change that lifts a fence without switching: the barrier could not complete. */
    public static final String SWITCH_CANCELLED = "switch-cancelled";

    @JsonCreator
    public ControlChange {
    }

    /** A change that holds no writes. */
    public ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                         boolean autoCutover, String action, String actor, String reason, boolean forced,
                         List<String> guards) {
        this(expectedRevision, phase, readFlag, rampPercent, autoCutover, action, actor, reason, forced, guards, null);
    }

    /** Writes to hold for a switch toward {@code toward}, for at most {@code maxMs}. */
    public record Hold(MigrationPhase toward, long maxMs) {
    }

    /** A change with the automatic cutover off in its target state. */
    public ControlChange(long expectedRevision, MigrationPhase phase, ReadFlag readFlag, int rampPercent,
                         String action, String actor, String reason, boolean forced, List<String> guards) {
        this(expectedRevision, phase, readFlag, rampPercent, false, action, actor, reason, forced, guards);
    }
}
