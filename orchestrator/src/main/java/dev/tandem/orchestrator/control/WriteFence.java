package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.phase.MigrationPhase;

import java.time.Instant;

/**
 * Writes held on every instance while the primary store changes: the first half of the switch
 * barrier (docs/design/0008). An instance that applies a state with a fence admits no new write
 * until the fence is lifted, by the flip to {@code toward} or by a cancel, or until
 * {@code deadline} passes: a coordinator that died mid-switch must not hold writes forever, and a
 * write admitted after the deadline under the old phase is still merged right by version.
 *
 * @param toward   the phase the switch is for
 * @param since    when the fence was accepted (the control event's time)
 * @param deadline after this, instances admit writes again whatever became of the switch
 */
public record WriteFence(MigrationPhase toward, Instant since, Instant deadline) {

    /** Whether writes are held at {@code now}. */
    public boolean holds(Instant now) {
        return now.isBefore(deadline);
    }
}
