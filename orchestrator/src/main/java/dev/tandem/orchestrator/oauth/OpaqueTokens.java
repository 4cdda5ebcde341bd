package dev.tandem.orchestrator.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque bearer strings: a prefix that says what the string is (as Ory Hydra's do, so secret scanners
 * recognize a leaked one) and 256 random bits, base64url. The store only ever sees
 * {@link dev.tandem.model.TokenId#hashOf} of the whole string.
 */
public final class OpaqueTokens {
    public static final String CODE_PREFIX = "ory_ac_";
    public static final String REFRESH_TOKEN_PREFIX = "ory_rt_";
    public static final String ACCESS_TOKEN_PREFIX = "ory_at_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private OpaqueTokens() {
    }

    public static String code() {
        return CODE_PREFIX + random(32);
    }

    public static String refreshToken() {
        return REFRESH_TOKEN_PREFIX + random(32);
    }

    public static String accessToken() {
        return ACCESS_TOKEN_PREFIX + random(32);
    }

    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return ENCODER.encodeToString(value);
    }
}
