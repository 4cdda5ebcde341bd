package dev.tandem.admin.client;

/** No instance of the orchestrator could be asked, or the one asked did not answer. */
public final class OrchestratorUnreachableException extends Exception {
    public OrchestratorUnreachableException(String message) {
        super(message);
    }
}
