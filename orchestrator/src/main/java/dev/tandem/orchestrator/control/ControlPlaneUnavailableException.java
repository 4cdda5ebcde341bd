package dev.tandem.orchestrator.control;

/**
 * The control log could not be written or read back in time (Kafka unreachable, or this instance
 * has not caught up yet). The instance keeps applying the last state it knows.
 */
public class ControlPlaneUnavailableException extends RuntimeException {
    public ControlPlaneUnavailableException(String message) {
        super(message);
    }

    public ControlPlaneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
