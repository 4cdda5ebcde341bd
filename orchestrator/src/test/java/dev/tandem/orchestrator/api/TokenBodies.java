package dev.tandem.orchestrator.api;

import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for {@code PUT /v1/tokens/{id}}, as a client would send them. */
public final class TokenBodies {
    private TokenBodies() {
    }

    /** The body that asks to store {@code record} (its id goes in the path; version and revocation are the server's). */
    public static Map<String, Object> of(TokenRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", record.kind().wireName());
        body.put("clientId", record.clientId());
        body.put("subject", record.subject());
        body.put("scopes", List.copyOf(record.scopes()));
        body.put("issuedAt", record.issuedAt().toString());
        body.put("expiresAt", record.expiresAt().toString());
        body.put("familyId", record.familyId());
        body.put("codeChallenge", record.codeChallenge());
        body.put("codeChallengeMethod", record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName());
        return body;
    }

    /** A random token that is not revoked. */
    public static TokenRecord token(RandomTokens random) {
        return random.record().toBuilder().revokedAt(null).build();
    }
}
