package dev.tandem.engine.signing;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The AES-256 key that seals signing keys at rest (AES-GCM). It comes from configuration (a
 * secret, base64) and is never written to the database: the database holds only its
 * {@linkplain #fingerprint() fingerprint}, so that a wrong key is reported as such instead of as
 * a corrupt row. No method of this class shows the key.
 */
public final class KeyEncryptionKey {
    public static final int KEY_BYTES = 32;
    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Size of a sealed 32-byte secret: format, nonce, ciphertext, tag. */
    static final int SEALED_BYTES = 1 + NONCE_BYTES + Ed25519Keys.KEY_BYTES + TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** HKDF's salt for {@link #derive}: fixed, so that every instance derives the same keys (RFC 5869 §3.1). */
    static final byte[] DERIVATION_SALT = "tandem key-encryption-key derivation".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final String fingerprint;

    private KeyEncryptionKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.fingerprint = fingerprintOf(bytes);
    }

    /**
     * Parses the configured key.
     *
     * @param setting the name of the setting it came from, for the error message
     * @param base64  32 random bytes, base64 (standard or URL alphabet)
     */
    public static KeyEncryptionKey fromBase64(String setting, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(setting + ": is required (" + KEY_BYTES
                    + " random bytes, base64; e.g. the output of `openssl rand -base64 32`)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is a secret, even when malformed.
            throw new IllegalArgumentException(setting + ": a value of " + base64.length()
                    + " characters that is not base64 (expected " + KEY_BYTES + " random bytes, base64)");
        }
        try {
            return of(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A key from raw bytes (copied). */
    public static KeyEncryptionKey of(byte[] bytes) {
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("a key-encryption key of " + (bytes == null ? 0 : bytes.length)
                    + " bytes; expected " + KEY_BYTES + " (AES-256)");
        }
        return new KeyEncryptionKey(bytes.clone());
    }

    /** A fresh random key, for tests and first-time setup. */
    public static KeyEncryptionKey generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new KeyEncryptionKey(bytes);
    }

    /** A short public name of this key: the first 16 hex digits of its SHA-256. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Encrypts a signing key's {@code secret}, bound to its kid: it decrypts only for the same kid. */
    byte[] seal(String kid, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(secret);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length).put(FORMAT_V1).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts what {@link #seal} produced for the same kid.
     *
     * @throws KeyDecryptionException when this is not the key it was sealed with, or the bytes were altered
     */
    byte[] open(String kid, byte[] sealed) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_V1) {
            throw new KeyDecryptionException("signing key " + kid + ": the sealed private key is not in a format this version reads");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyDecryptionException("signing key " + kid + ": the private key does not decrypt under key-encryption key "
                    + fingerprint + " (wrong key-encryption key, or the stored row was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * A 256-bit key for another purpose, derived from this one by HKDF-SHA256 (RFC 5869) with
     * {@code purpose} as the info: keys of different purposes are independent, so that what one
     * purpose seals can neither be opened nor forged under another, and none of them reveals this key.
     * Every instance with the same key-encryption key derives the same key.
     *
     * @param purpose a fixed label naming what the key is for, e.g. {@code tandem.oauth.login-challenge.v1}
     */
    public SecretKey derive(String purpose) {
        if (purpose == null || purpose.isEmpty()) {
            throw new IllegalArgumentException("a derived key needs a purpose label");
        }
        try {
            // HKDF-Extract with a fixed salt, then one block of HKDF-Expand (32 bytes = one SHA-256 output).
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(DERIVATION_SALT, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(key.getEncoded());
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(purpose.getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            byte[] derived = expand.doFinal();
            Arrays.fill(pseudoRandomKey, (byte) 0);
            return new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static String fingerprintOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[fingerprint=" + fingerprint + "]";
    }
}
