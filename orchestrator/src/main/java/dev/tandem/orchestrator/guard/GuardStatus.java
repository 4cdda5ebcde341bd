package dev.tandem.orchestrator.guard;

/** A guard's verdict. Only {@link #OK} lets an unforced step through. */
public enum GuardStatus {
    /** The condition holds. */
    OK,
    /** The condition does not hold. */
    FAILED,
    /** The signal the condition needs is not available; the step is not known to be safe. */
    UNKNOWN
}
