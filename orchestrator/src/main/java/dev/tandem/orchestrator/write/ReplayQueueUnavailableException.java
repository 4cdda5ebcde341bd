package dev.tandem.orchestrator.write;

/**
 * A write whose primary committed, whose mirror failed, and which the replay queue could not take
 * either: it is not acknowledged (503), and repeating it is safe (writes merge by version, a
 * revocation is idempotent). The message is the problem's detail: it names stores and the topic,
 * never a token's fields.
 */
public class ReplayQueueUnavailableException extends RuntimeException {
    public ReplayQueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
