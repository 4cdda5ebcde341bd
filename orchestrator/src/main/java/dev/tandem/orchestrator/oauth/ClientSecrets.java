package dev.tandem.orchestrator.oauth;

import io.smallrye.mutiny.Uni;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Client secrets: 256 random bits, shown to the client once, stored only as a slow salted hash
 * ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, salt and hash base64url), compared in
 * constant time. The hash is slow so that a leaked table is not a list of secrets; the salt makes
 * equal secrets hash apart. Verification is CPU work of tens of milliseconds: call it off the event loop.
 */
public final class ClientSecrets {
    public static final String SCHEME = "pbkdf2-sha256";
    public static final int MIN_ITERATIONS = 10_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SECRET_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Refuses stored hashes that would make one verification a denial of service. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final int iterations;

    public ClientSecrets(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(OAuthConfig.SECRET_HASH_ITERATIONS + " is " + iterations
                    + ": expected " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
    }

    /** A new secret: 256 random bits, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** The stored form of {@code secret}, with a fresh salt. */
    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$"
                + ENCODER.encodeToString(derive(secret, salt, iterations));
    }

    /** {@link #hash} off the event loop: PBKDF2 takes tens of milliseconds of a core. */
    public Uni<String> hashOffLoop(String secret) {
        return Blocking.call(() -> hash(secret));
    }

    /**
     * Whether {@code secret} matches the current hash or, during a rotation, the previous one (either may
     * be null). Both are always computed, so the time does not tell which one matched. A hash in a format
     * this class does not write never matches.
     */
    public static boolean verify(String secret, String currentHash, String previousHash) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        boolean current = matches(secret, currentHash);
        boolean previous = matches(secret, previousHash);
        return current | previous;
    }

    static boolean matches(String secret, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int count = Integer.parseInt(parts[1]);
            if (count < 1 || count > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = DECODER.decode(parts[2]);
            byte[] expected = DECODER.decode(parts[3]);
            if (expected.length != HASH_BITS / 8) {
                return false;
            }
            return MessageDigest.isEqual(derive(secret, salt, count), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int count) {
        char[] chars = secret.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, count, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

}
