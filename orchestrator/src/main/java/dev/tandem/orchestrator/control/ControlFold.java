package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Folds the control log into the control state. Deterministic: the outcome of an event depends on
 * the events before it and nothing else, so every instance that reads the same log reaches the
 * same state and the same audit, whichever instance wrote which event and whenever it reads them.
 *
 * <p>An event is accepted iff it was decided on the current revision (compare-and-set) and its
 * target state is valid from the current one; an accepted event raises the revision by one and is
 * audited. A refused event changes nothing. Not thread-safe: one follower thread owns a fold.
 */
public final class ControlFold {

    /** What one event did. */
    public sealed interface Outcome permits Accepted, Conflict, Invalid {
    }

    /** The event became revision {@code state.revision()}. */
    public record Accepted(ControlState state, AuditEntry entry) implements Outcome {
    }

    /** The event was decided on a revision that is no longer current. */
    public record Conflict(long expectedRevision, long actualRevision) implements Outcome {
    }

    /** The event asked for a state that is not reachable from the current one. */
    public record Invalid(String reason) implements Outcome {
    }

    public static final String MISSING = "%s is required";
    public static final String STEP_NOT_ALLOWED = "%s cannot step to %s (allowed from %s: %s)";
    public static final String PAST_POINT_OF_NO_RETURN = "%s is the point of no return: legacy receives no writes"
            + " any more, so no step back to %s is possible";
    public static final String LEGACY_FLAG_IN_ENGINE_ONLY = "the read flag legacy is refused in " + MigrationPhase.ENGINE_ONLY
            + ": legacy receives no writes any more (valid: engine, auto)";
    public static final String RAMP_OUT_OF_RANGE = "rampPercent %d is out of range (valid: 0 to 100)";
    public static final String BAD_FENCE = "a write fence needs a target phase and a positive hold time, not %s";
    public static final String FENCE_NOT_A_STEP = "a write fence in %s toward %s is not a step from the current phase %s";

    private ControlState state = ControlState.initial();
    private final List<AuditEntry> audit = new ArrayList<>();

    public ControlState state() {
        return state;
    }

    /** The accepted changes so far, oldest first (a read-only view; copy it before handing it to another thread). */
    public List<AuditEntry> audit() {
        return Collections.unmodifiableList(audit);
    }

    public Outcome apply(ControlEvent event) {
        ControlChange change = event.change();
        if (change.expectedRevision() != state.revision()) {
            return new Conflict(change.expectedRevision(), state.revision());
        }
        Optional<String> violation = violation(state, change.phase(), change.readFlag(), change.rampPercent());
        if (violation.isPresent()) {
            return new Invalid(violation.get());
        }
        Optional<String> badFence = fenceViolation(state, change);
        if (badFence.isPresent()) {
            return new Invalid(badFence.get());
        }
        ControlState from = state;
        WriteFence fence = change.fence() == null ? null
                : new WriteFence(change.fence().toward(), event.at(), event.at().plusMillis(change.fence().maxMs()));
        state = new ControlState(change.phase(), change.readFlag(), change.rampPercent(), change.autoCutover(),
                from.revision() + 1, event.at(), fence);
        AuditEntry entry = new AuditEntry(state.revision(), event.at(), change.action(), change.actor(), change.reason(),
                from, state, change.forced(), change.guards() == null ? List.of() : List.copyOf(change.guards()));
        audit.add(entry);
        return new Accepted(state, entry);
    }

    /**
     * A fence holds writes for a switch that has not happened yet: it keeps the phase it is set in,
     * and points at a step allowed from there. Any other change (the flip, a cancel, anything an
     * operator does meanwhile) lifts it.
     */
    private static Optional<String> fenceViolation(ControlState current, ControlChange change) {
        ControlChange.Hold hold = change.fence();
        if (hold == null) {
            return Optional.empty();
        }
        if (hold.toward() == null || hold.maxMs() < 1) {
            return Optional.of(BAD_FENCE.formatted(hold));
        }
        if (change.phase() != current.phase() || !current.phase().allowedTargets().contains(hold.toward())) {
            return Optional.of(FENCE_NOT_A_STEP.formatted(change.phase(), hold.toward(), current.phase()));
        }
        return Optional.empty();
    }

    /**
     * Why the target state may not follow {@code current}, if it may not. The same rules decide in
     * the fold and in the admin API, which only adds guards and friendlier refusals in front.
     */
    public static Optional<String> violation(ControlState current, MigrationPhase phase, ReadFlag flag, int rampPercent) {
        if (phase == null) {
            return Optional.of(MISSING.formatted("phase"));
        }
        if (flag == null) {
            return Optional.of(MISSING.formatted("readFlag"));
        }
        MigrationPhase from = current.phase();
        if (phase != from && !from.allowedTargets().contains(phase)) {
            if (from == MigrationPhase.POINT_OF_NO_RETURN) {
                return Optional.of(PAST_POINT_OF_NO_RETURN.formatted(from, phase));
            }
            return Optional.of(STEP_NOT_ALLOWED.formatted(from, phase, from, from.allowedTargets()));
        }
        if (flag == ReadFlag.LEGACY && !phase.legacyReadable()) {
            return Optional.of(LEGACY_FLAG_IN_ENGINE_ONLY);
        }
        if (rampPercent < 0 || rampPercent > 100) {
            return Optional.of(RAMP_OUT_OF_RANGE.formatted(rampPercent));
        }
        return Optional.empty();
    }
}
