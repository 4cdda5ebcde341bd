package dev.tandem.engine.signing;

/**
 * A stored signing key could not be decrypted: the configured key-encryption key is not the one
 * that sealed it, or the row was altered. Permanent: the fix is configuration, not a retry. The
 * message names the kid and key fingerprints only, never key material.
 */
public class KeyDecryptionException extends IllegalStateException {
    public KeyDecryptionException(String message) {
        super(message);
    }
}
