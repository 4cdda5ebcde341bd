package dev.tandem.orchestrator.api;

import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.util.List;

/**
 * A stored token as the API answers it: the canonical record, with {@code revokedAt} and
 * {@code version} always present ({@code null} when not revoked). Times are RFC 3339 UTC.
 */
public record TokenView(String id, String kind, String clientId, String subject, List<String> scopes,
                        Instant issuedAt, Instant expiresAt, Instant revokedAt, String familyId,
                        String codeChallenge, String codeChallengeMethod, long version) {

    public static TokenView of(TokenRecord record) {
        return new TokenView(record.id(), record.kind().wireName(), record.clientId(), record.subject(),
                List.copyOf(record.scopes()), record.issuedAt(), record.expiresAt(), record.revokedAt(),
                record.familyId(), record.codeChallenge(),
                record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName(),
                record.version());
    }
}
