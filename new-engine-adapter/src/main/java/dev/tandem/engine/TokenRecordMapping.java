package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.model.TokenRecord;

/** Between {@code oauth_token} rows and canonical records; reading goes through {@link EngineRows}, the one row mapping. */
final class TokenRecordMapping {
    private static final String[] NO_SCOPES = new String[0];

    private TokenRecordMapping() {
    }

    static TokenRecord toRecord(OAuthTokenEntity row) {
        return EngineRows.fromEntity(row);
    }

    /** The scopes as the column holds them: the record's sorted set, in its order. */
    static String[] scopeArray(TokenRecord record) {
        return record.scopes().toArray(NO_SCOPES);
    }
}
