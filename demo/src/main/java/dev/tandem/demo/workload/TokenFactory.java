package dev.tandem.demo.workload;

import dev.tandem.model.TokenId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes tokens the way an OAuth server does: a random secret handed to the client, stored only as
 * its SHA-256 (the id). The secret and the PKCE verifier exist only inside {@link #issue}; neither
 * is kept, logged or sent.
 */
public final class TokenFactory {
    /** Lifetimes as a typical OAuth server sets them. */
    public static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

    private static final List<String> CLIENTS = List.of("demo-web", "demo-mobile", "demo-cli", "demo-partner");
    private static final List<String> SCOPES = List.of("openid", "profile", "email", "offline_access", "orders:read",
            "orders:write", "payments:read");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom secrets = new SecureRandom();

    /**
     * A new token of {@code kind} ({@code access_token}, {@code authorization_code} or
     * {@code refresh_token}); refresh tokens belong to {@code familyId}, other kinds ignore it.
     */
    public IssuedToken issue(String kind, String familyId, Instant now, String phase, Random random) {
        String id = TokenId.hashOf(randomText(32));
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        String client = CLIENTS.get(random.nextInt(CLIENTS.size()));
        String subject = "user-" + random.nextInt(10_000);
        List<String> scopes = scopes(random);
        return switch (kind) {
            case "access_token" -> new IssuedToken(id, kind, client, subject, scopes, issuedAt,
                    issuedAt.plus(ACCESS_LIFETIME), null, null, null, phase);
            case "authorization_code" -> new IssuedToken(id, kind, client, subject, scopes, issuedAt,
                    issuedAt.plus(CODE_LIFETIME), null, s256Challenge(randomText(32)), "S256", phase);
            case "refresh_token" -> new IssuedToken(id, kind, client, subject, scopes, issuedAt,
                    issuedAt.plus(REFRESH_LIFETIME), requireFamily(familyId), null, null, phase);
            default -> throw new IllegalArgumentException("kind \"" + kind
                    + "\" is not one the workload issues (valid: access_token, authorization_code, refresh_token)");
        };
    }

    /** The next refresh token of {@code previous}'s family: same client, subject and scopes, as a rotation keeps them. */
    public IssuedToken rotate(IssuedToken previous, Instant now, String phase) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        return new IssuedToken(TokenId.hashOf(randomText(32)), "refresh_token", previous.clientId(), previous.subject(),
                previous.scopes(), issuedAt, issuedAt.plus(REFRESH_LIFETIME), previous.familyId(), null, null, phase);
    }

    /** A new family id, as the authorization server names a grant. */
    public String newFamilyId() {
        return "demo-family-" + randomText(12);
    }

    /** The body of {@code PUT /v1/tokens/{id}} for {@code token}; absent fields are left out. */
    public static Map<String, Object> body(IssuedToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", token.kind());
        body.put("clientId", token.clientId());
        if (token.subject() != null) {
            body.put("subject", token.subject());
        }
        body.put("scopes", token.scopes());
        body.put("issuedAt", token.issuedAt().toString());
        body.put("expiresAt", token.expiresAt().toString());
        if (token.familyId() != null) {
            body.put("familyId", token.familyId());
        }
        if (token.codeChallenge() != null) {
            body.put("codeChallenge", token.codeChallenge());
            body.put("codeChallengeMethod", token.codeChallengeMethod());
        }
        return body;
    }

    /** RFC 7636 S256: BASE64URL(SHA-256(ASCII(verifier))), without padding. */
    public static String s256Challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String randomText(int bytes) {
        byte[] raw = new byte[bytes];
        secrets.nextBytes(raw);
        return BASE64URL.encodeToString(raw);
    }

    private static List<String> scopes(Random random) {
        List<String> chosen = new ArrayList<>();
        chosen.add("openid");
        for (String scope : SCOPES.subList(1, SCOPES.size())) {
            if (random.nextInt(3) == 0) {
                chosen.add(scope);
            }
        }
        return chosen;
    }

    private static String requireFamily(String familyId) {
        if (familyId == null || familyId.isBlank()) {
            throw new IllegalArgumentException("a refresh token needs a familyId");
        }
        return familyId;
    }
}
