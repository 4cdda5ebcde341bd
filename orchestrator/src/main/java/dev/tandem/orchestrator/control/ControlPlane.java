package dev.tandem.orchestrator.control;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The migration's control state, shared by every orchestrator instance: durable across restarts
 * of all of them, applied by each within a second of a change, and audited.
 *
 * <p>Changes are compare-and-set on the revision: a change names the revision it was decided on,
 * and is refused with {@link ControlConflictException} if another change got there first. Guards
 * are not checked here; {@code MigrationController} checks them before it proposes.
 */
public interface ControlPlane {

    /** The state this instance applies now. Never blocks. */
    ControlState current();

    /**
     * The state to write under: at once, unless a switch of the primary holds writes ({@link
     * WriteFence}); then once the fence is lifted (by the flip or a cancel) or its deadline passes.
     * Completes on the caller's context.
     */
    Uni<ControlState> writable();

    /** Whether this instance has caught up with the durable state since it started (readiness). */
    boolean ready();

    /**
     * Proposes a change. Completes with the resulting state once this instance has applied it;
     * fails with {@link ControlConflictException} when the state moved past
     * {@link ControlChange#expectedRevision()} first.
     */
    Uni<ControlState> propose(ControlChange change);

    /** Every accepted change, oldest first. */
    List<AuditEntry> audit();
}
