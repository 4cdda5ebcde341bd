package dev.tandem.orchestrator.control;

/** A change decided on a revision that is no longer current: another change was accepted first. */
public class ControlConflictException extends RuntimeException {
    private final long expectedRevision;
    private final long actualRevision;

    public ControlConflictException(long expectedRevision, long actualRevision) {
        super("the control state changed meanwhile: the change expected revision " + expectedRevision
                + " but revision " + actualRevision + " is current; read the state again and retry");
        this.expectedRevision = expectedRevision;
        this.actualRevision = actualRevision;
    }

    public long expectedRevision() {
        return expectedRevision;
    }

    public long actualRevision() {
        return actualRevision;
    }
}
