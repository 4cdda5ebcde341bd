package dev.tandem.orchestrator.write;

/**
 * A write kept losing to newer versions written by other instances at the same time. Nothing of
 * it was applied; trying again is safe.
 */
public class ConcurrentWriteException extends RuntimeException {
    public ConcurrentWriteException(String operation, int attempts) {
        super("the token was written by others during each of " + attempts + " attempts to " + operation
                + " it; nothing was changed by this request, and it may be retried");
    }
}
