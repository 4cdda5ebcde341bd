package dev.tandem.verification;

/** A database failed under the verifier (unreachable, schema missing); the message says which and how. */
public class VerificationException extends RuntimeException {
    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
