package dev.tandem.engine.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Issues access tokens as compact JWS (RFC 7515) signed with Ed25519 (RFC 8037 {@code EdDSA}),
 * typed {@code at+jwt} as RFC 9068 asks, by the ring's active key. The JDK signs; no JOSE library
 * is needed on this side (the tests check the result with one).
 */
public class AccessTokenSigner {
    public static final String TYPE = "at+jwt";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final Supplier<SigningKeyRing> keys;
    private final Clock clock;

    /**
     * @param issuer the {@code iss} claim: this authorization server's issuer URL
     * @param keys   the current ring; asked on every signature, so a reload or rotation takes effect at once
     */
    public AccessTokenSigner(String issuer, Supplier<SigningKeyRing> keys, Clock clock) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer: is required (the authorization server's issuer URL)");
        }
        this.issuer = issuer;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs an access token. The claims are {@code iss}, {@code sub} (the subject, or the client
     * itself for a client's own token, as RFC 9068 suggests), {@code client_id}, {@code scope}
     * (space-separated, sorted), {@code iat}, {@code exp} and a random {@code jti}.
     *
     * @throws IllegalStateException when no key can sign now
     */
    public SignedAccessToken sign(String clientId, String subject, Collection<String> scopes, Instant issuedAt, Instant expiresAt) {
        SigningKey key = keys.get().activeAt(clock.instant()).orElseThrow(() -> new IllegalStateException(
                "no signing key is active: rotate one in first (SigningKeyStore.rotate or ensureActiveKey)"));
        String jti = randomJti();
        // Built once through the canonical record: it validates the claims exactly as the store will.
        TokenRecord checked = TokenRecord.builder()
                .id(TokenId.hashOf(jti)).kind(TokenKind.ACCESS_TOKEN)
                .clientId(clientId).subject(subject).scopes(scopes == null ? null : new TreeSet<>(scopes))
                .issuedAt(issuedAt).expiresAt(expiresAt).build();
        SortedSet<String> sortedScopes = checked.scopes();

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", SigningKey.ALGORITHM);
        header.put("typ", TYPE);
        header.put("kid", key.kid());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", checked.subject() != null ? checked.subject() : checked.clientId());
        claims.put("client_id", checked.clientId());
        claims.put("scope", String.join(" ", sortedScopes));
        claims.put("iat", checked.issuedAt().getEpochSecond());
        claims.put("exp", checked.expiresAt().getEpochSecond());
        claims.put("jti", jti);

        String signingInput = base64urlJson(header) + "." + base64urlJson(claims);
        String compact = signingInput + "." + Ed25519Keys.base64url(signature(key, signingInput));
        return new SignedAccessToken(compact, TokenId.hashOf(compact), key.kid(), jti, checked.clientId(),
                checked.subject(), sortedScopes, checked.issuedAt(), checked.expiresAt());
    }

    /** Signs for {@code lifetime} from now. */
    public SignedAccessToken sign(String clientId, String subject, Collection<String> scopes, Duration lifetime) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (lifetime == null || lifetime.toSeconds() < 1) {
            throw new InvalidTokenRecordException("expiresAt", "a lifetime of " + lifetime + " is too short (at least 1 second)");
        }
        return sign(clientId, subject, scopes, now, now.plusSeconds(lifetime.toSeconds()));
    }

    private static byte[] signature(SigningKey key, String signingInput) {
        try {
            Signature signer = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(key.privateKey());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            // The message only: a provider's exception could describe the key.
            throw new IllegalStateException("signing with key " + key.kid() + " failed: " + e.getClass().getSimpleName());
        }
    }

    private static String base64urlJson(Map<String, Object> object) {
        try {
            return Ed25519Keys.base64url(JSON.writeValueAsBytes(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }

    private static String randomJti() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Ed25519Keys.base64url(bytes);
    }
}
