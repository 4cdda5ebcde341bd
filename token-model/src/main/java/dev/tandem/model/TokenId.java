package dev.tandem.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Token ids are the lowercase hex SHA-256 of the token secret. Neither store ever holds a secret:
 * whoever holds a raw token hashes it here and looks it up by the hash.
 */
public final class TokenId {
    public static final int LENGTH = 64;

    private TokenId() {
    }

    /** The id of a raw token secret. */
    public static String hashOf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static boolean isValid(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Returns the id, or fails with a message that says what an id must be. */
    public static String requireValid(String field, String value) {
        if (!isValid(value)) {
            throw new InvalidTokenRecordException(field, describe(value)
                    + " is not a token id: expected " + LENGTH + " lowercase hex characters (the SHA-256 of the token secret)");
        }
        return value;
    }

    /**
     * Describes a rejected id without echoing it in full: a caller that sent a raw token by mistake
     * must not find it again in an error body or a log line.
     */
    private static String describe(String value) {
        if (value == null) {
            return "a missing value";
        }
        return "a value of " + value.length() + " characters";
    }
}
