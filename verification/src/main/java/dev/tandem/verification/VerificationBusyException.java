package dev.tandem.verification;

/** A run is already being worked on, here or in another process: one run at a time. */
public class VerificationBusyException extends RuntimeException {
    private final long runId;

    public VerificationBusyException(long runId, String message) {
        super(message);
        this.runId = runId;
    }

    /** The run in the way; 0 when it is not known (another process holds the lock but wrote no run yet). */
    public long runId() {
        return runId;
    }
}
