package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The id of one authorization grant: the {@code familyId} of its code and of every access and refresh
 * token issued from it, so that a replayed code or a reused refresh token revokes them all (RFC 9700
 * §4.14). It also carries the code's redirect URI binding (RFC 6749 §4.1.3: the token request must
 * repeat the redirect URI exactly), because {@link TokenRecord} has no field for it and both stores
 * already keep the family id: 128 random bits, a dot, and the first 96 bits of SHA-256 of the
 * redirect URI, 40 characters in all ({@link TokenRecord#MAX_FAMILY_ID_LENGTH}). The URI itself is
 * not needed again, only whether the presented one is the same; a hash keeps the family id short and
 * keeps the URI out of both stores' token rows.
 */
public final class GrantId {
    private static final int RANDOM_BYTES = 16;
    private static final int BINDING_CHARS = 16;

    private GrantId() {
    }

    /** A new grant bound to {@code redirectUri}. */
    public static String boundTo(String redirectUri) {
        return OpaqueTokens.random(RANDOM_BYTES) + "." + binding(redirectUri);
    }

    /** A new grant without a redirect binding (a refresh of a token from before Tandem, which had no family). */
    public static String unbound() {
        return OpaqueTokens.random(RANDOM_BYTES) + ".";
    }

    /** Whether {@code grantId} was made by {@link #boundTo} for exactly this redirect URI (no normalisation). */
    public static boolean isBoundTo(String grantId, String redirectUri) {
        if (grantId == null || redirectUri == null) {
            return false;
        }
        int dot = grantId.indexOf('.');
        if (dot < 0) {
            return false;
        }
        return MessageDigest.isEqual(grantId.substring(dot + 1).getBytes(StandardCharsets.US_ASCII),
                binding(redirectUri).getBytes(StandardCharsets.US_ASCII));
    }

    private static String binding(String redirectUri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(redirectUri.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, BINDING_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
