package dev.tandem.orchestrator.apps;

/**
 * A change to a client that the phase's mirror did not take: it was undone in the primary (unless
 * {@code undoFailure} says otherwise), nothing was acknowledged, and a retry is safe.
 */
public class ClientMirrorException extends RuntimeException {
    public ClientMirrorException(String clientId, String mirror, Throwable failure, Throwable undoFailure) {
        super("client " + clientId + ": the " + mirror + " mirror did not take the change (" + failure.getMessage() + ")"
                + (undoFailure == null ? "; the primary was put back, nothing changed, and a retry is safe"
                : "; putting the primary back failed too (" + undoFailure.getMessage()
                + "): the primary may hold the change until it is repeated"), failure);
    }
}
