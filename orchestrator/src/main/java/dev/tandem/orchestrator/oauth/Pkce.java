package dev.tandem.orchestrator.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636), S256 only: {@code plain} sends the verifier itself as the challenge, so whoever
 * sees the authorization request can redeem the code; RFC 9700 §2.1.1 asks for S256.
 */
public final class Pkce {
    public static final String S256 = "S256";
    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) without padding is exactly 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {
    }

    /**
     * Checks an authorization request's challenge and method; answers the method to store.
     *
     * @throws OAuthError invalid_request when the method is not S256 or the challenge is not one
     */
    public static String requireChallenge(String challenge, String method) {
        // RFC 7636 §4.3: a missing method means plain, which is refused as plain is.
        if (!S256.equals(method)) {
            throw OAuthError.invalidRequest(method == null || method.isEmpty()
                    ? "code_challenge_method is required and must be S256 (plain is not supported)"
                    : "code_challenge_method \"" + shorten(method) + "\" is not supported (valid: S256)");
        }
        if (challenge == null || !S256_CHALLENGE.matcher(challenge).matches()) {
            throw OAuthError.invalidRequest("code_challenge must be 43 base64url characters, the SHA-256 of the verifier (RFC 7636 §4.2)");
        }
        return S256;
    }

    public static boolean isValidVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    /** Whether {@code verifier} is well formed and hashes to {@code challenge} (S256), compared in constant time. */
    public static boolean verifies(String verifier, String challenge) {
        if (!isValidVerifier(verifier) || challenge == null) {
            return false;
        }
        return MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** The S256 challenge of a verifier. */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Echoes a method name in an error only when it is short and plain; anything else could be a pasted secret. */
    private static String shorten(String value) {
        return value.length() <= 10 && value.chars().allMatch(c -> c >= 0x21 && c < 0x7f && c != '"') ? value : "(" + value.length() + " characters)";
    }
}
