package dev.tandem.engine.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JWK Set (RFC 7517) that resource servers fetch to verify access tokens: every key of the ring
 * that verifies now (keys due to activate included, retired keys not), as RFC 8037 OKP keys.
 * Only public members: {@code d} never leaves the engine.
 */
public final class Jwks {
    /** The media type of {@link #document}. */
    public static final String MEDIA_TYPE = "application/jwk-set+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwks() {
    }

    /** The JWKS JSON document of the keys that verify at {@code now}. */
    public static String document(SigningKeyRing ring, Instant now) {
        List<Map<String, String>> keys = ring.verificationKeysAt(now).stream().map(Jwks::jwk).toList();
        try {
            return JSON.writeValueAsString(Map.of("keys", keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /** One key as a JWK. */
    public static Map<String, String> jwk(SigningKey key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", SigningKey.CURVE);
        jwk.put("x", Ed25519Keys.base64url(key.rawPublicKey()));
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", SigningKey.ALGORITHM);
        return jwk;
    }
}
