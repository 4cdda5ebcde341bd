package dev.tandem.cli;

/**
 * No orchestrator answered, or one stopped answering mid-request: exit
 * {@link ExitCode#USAGE_OR_CONNECTION}. The message names the URLs tried.
 */
public class OrchestratorUnreachableException extends Exception {
    public OrchestratorUnreachableException(String message) {
        super(message);
    }
}
