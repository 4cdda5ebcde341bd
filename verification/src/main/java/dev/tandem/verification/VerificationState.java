package dev.tandem.verification;

/** Where a verification run is. */
public enum VerificationState {
    /** Chunks remain; a process works on it, or one will resume it ({@link VerificationStatus#active()} says which). */
    RUNNING,
    /** Every chunk compared; the report is complete. */
    DONE,
    /** Given up: a database error, or the phase changed before it finished; the error says which. */
    FAILED
}
