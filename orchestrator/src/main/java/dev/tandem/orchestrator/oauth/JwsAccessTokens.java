package dev.tandem.orchestrator.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.signing.AccessTokenSigner;
import dev.tandem.engine.signing.SigningKey;
import dev.tandem.engine.signing.SigningKeyRing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a presented access token that looks like a JWS: the compact form, {@code alg EdDSA},
 * {@code typ at+jwt} (RFC 9068 §4: nothing else is accepted as an access token), a {@code kid} of the
 * ring, a valid Ed25519 signature, this issuer, and not expired. A token that passes is still looked up
 * by its id afterwards, for revocation; one that fails is inactive.
 */
public final class JwsAccessTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Well beyond any token this server signs; longer input is not parsed. */
    private static final int MAX_LENGTH = 8192;

    private JwsAccessTokens() {
    }

    /** Whether {@code token} has the shape of a compact JWS (three base64url parts), so it is not an opaque token. */
    public static boolean looksLikeJws(String token) {
        return token != null && token.chars().filter(c -> c == '.').count() == 2 && !token.startsWith("ory_");
    }

    /** The kid of the header, if the token is a well-formed JWS header at all. */
    public static Optional<String> kid(String token) {
        return header(token).map(header -> header.path("kid").asText(null));
    }

    /** Whether the token verifies with {@code ring} at {@code now} for {@code issuer}. */
    public static boolean verifies(String token, SigningKeyRing ring, String issuer, Instant now) {
        if (token == null || token.length() > MAX_LENGTH || !looksLikeJws(token)) {
            return false;
        }
        Optional<JsonNode> header = header(token);
        if (header.isEmpty() || !SigningKey.ALGORITHM.equals(header.get().path("alg").asText())
                || !AccessTokenSigner.TYPE.equals(header.get().path("typ").asText())) {
            return false;
        }
        Optional<SigningKey> key = ring.verificationKey(header.get().path("kid").asText(""), now);
        if (key.isEmpty()) {
            return false;
        }
        int lastDot = token.lastIndexOf('.');
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.get().publicKey());
            verifier.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(BASE64URL.decode(token.substring(lastDot + 1)))) {
                return false;
            }
            JsonNode claims = JSON.readTree(BASE64URL.decode(token.substring(token.indexOf('.') + 1, lastDot)));
            return issuer.equals(claims.path("iss").asText()) && claims.path("exp").canConvertToLong()
                    && now.getEpochSecond() < claims.path("exp").asLong();
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    private static Optional<JsonNode> header(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(BASE64URL.decode(token.substring(0, dot)));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }
}
