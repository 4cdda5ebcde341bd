package dev.tandem.backfill;

/**
 * A backfill operation refused or failed. Refusals say what the job's state is and what to do
 * instead; an API maps {@link Reason#CONFLICT} to 409 and {@link Reason#FAILURE} to 503.
 */
public class BackfillException extends RuntimeException {
    /** What kind of answer this is. */
    public enum Reason {
        /** The request does not fit the job's state (already done, held by another instance, nothing to resume). */
        CONFLICT,
        /** A database could not be reached or answered with an error. */
        FAILURE
    }

    private final Reason reason;

    public BackfillException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    static BackfillException conflict(String message) {
        return new BackfillException(Reason.CONFLICT, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
