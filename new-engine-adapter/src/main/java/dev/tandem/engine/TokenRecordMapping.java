package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.util.Arrays;
import java.util.List;

/** Between {@code oauth_token} rows and canonical records. The engine holds every field exactly. */
final class TokenRecordMapping {
    private static final String[] NO_SCOPES = new String[0];

    private TokenRecordMapping() {
    }

    static TokenRecord toRecord(OAuthTokenEntity row) {
        return TokenRecord.builder()
                .id(row.id)
                .kind(TokenKind.fromWireName(row.kind))
                .clientId(row.clientId)
                .subject(row.subject)
                .scopes(row.scopes == null ? List.of() : Arrays.asList(row.scopes))
                .issuedAt(row.issuedAt)
                .expiresAt(row.expiresAt)
                .revokedAt(row.revokedAt)
                .familyId(row.familyId)
                .codeChallenge(row.codeChallenge,
                        row.codeChallengeMethod == null ? null : PkceMethod.fromWireName(row.codeChallengeMethod))
                .version(row.version)
                .build();
    }

    /** The scopes as the column holds them: the record's sorted set, in its order. */
    static String[] scopeArray(TokenRecord record) {
        return record.scopes().toArray(NO_SCOPES);
    }
}
