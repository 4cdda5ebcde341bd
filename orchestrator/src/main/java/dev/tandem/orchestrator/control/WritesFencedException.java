package dev.tandem.orchestrator.control;

/**
 * This instance admits no write because its control lease lapsed ({@link ControlLease}): it may be
 * applying a phase the others have left. Answered 503; the write was not attempted, and another
 * instance (or this one once it has caught up) takes it.
 */
public class WritesFencedException extends RuntimeException {
    public WritesFencedException(String problem) {
        super(problem + "; it admits no write until it has caught up with the control log: the write was not"
                + " attempted, retry (on another instance)");
    }
}
