package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The row mapping the store and the engine's change capture share. */
class EngineRowsTest {
    private static final String ID = TokenId.hashOf("engine-rows-test");
    private static final TokenRecord RECORD = TokenRecord.builder()
            .id(ID).kind(TokenKind.AUTHORIZATION_CODE).clientId("web-app").subject("user-7")
            .scopes(List.of("email", "openid", "profile"))
            .issuedAt(Instant.parse("2026-03-29T01:30:00Z")).expiresAt(Instant.parse("2026-03-29T01:40:00Z"))
            .revokedAt(Instant.parse("2026-03-29T01:35:07Z")).familyId("grant-77")
            .codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkceMethod.S256).version(123_456_789L).build();

    /** What Debezium's PostgreSQL connector hands over for the row: ZonedTimestamp text, a list, a Long. */
    private static Map<String, Object> debeziumColumns() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("id", ID);
        columns.put("kind", "authorization_code");
        columns.put("client_id", "web-app");
        columns.put("subject", "user-7");
        columns.put("scopes", List.of("email", "openid", "profile"));
        columns.put("issued_at", "2026-03-29T01:30:00.000000Z");
        columns.put("expires_at", "2026-03-29T01:40:00Z");
        columns.put("revoked_at", "2026-03-29T07:20:07+05:45");
        columns.put("family_id", "grant-77");
        columns.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        columns.put("code_challenge_method", "S256");
        columns.put("signing_key_id", "kid-1");
        columns.put("version", 123_456_789L);
        return columns;
    }

    @Test
    void aChangeEventsColumnsMapToTheCanonicalRecord() {
        assertThat(EngineRows.fromColumns(debeziumColumns())).isEqualTo(RECORD);
    }

    @Test
    void theEntityAndTheColumnsOfOneRowGiveTheSameRecord() {
        OAuthTokenEntity entity = new OAuthTokenEntity();
        entity.id = ID;
        entity.kind = "authorization_code";
        entity.clientId = "web-app";
        entity.subject = "user-7";
        entity.scopes = new String[]{"email", "openid", "profile"};
        entity.issuedAt = Instant.parse("2026-03-29T01:30:00Z");
        entity.expiresAt = Instant.parse("2026-03-29T01:40:00Z");
        entity.revokedAt = Instant.parse("2026-03-29T01:35:07Z");
        entity.familyId = "grant-77";
        entity.codeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        entity.codeChallengeMethod = "S256";
        entity.signingKeyId = "kid-1";
        entity.version = 123_456_789L;

        assertThat(TokenRecordMapping.toRecord(entity)).isEqualTo(EngineRows.fromColumns(debeziumColumns()));
    }

    @Test
    void timesMayComeAsTimeObjectsOrEpochMillisAndNullsStayAbsent() {
        Map<String, Object> columns = debeziumColumns();
        columns.put("issued_at", Instant.parse("2026-03-29T01:30:00Z"));
        columns.put("expires_at", OffsetDateTime.of(2026, 3, 29, 3, 40, 0, 0, ZoneOffset.ofHours(2)));
        columns.put("revoked_at", null);
        columns.put("subject", null);
        columns.put("family_id", null);
        columns.put("scopes", new String[0]);
        columns.put("version", "7");

        TokenRecord record = EngineRows.fromColumns(columns);

        assertThat(record.expiresAt()).isEqualTo(Instant.parse("2026-03-29T01:40:00Z"));
        assertThat(record.revokedAt()).isNull();
        assertThat(record.subject()).isNull();
        assertThat(record.familyId()).isNull();
        assertThat(record.scopes()).isEmpty();
        assertThat(record.version()).isEqualTo(7);

        columns.put("issued_at", Instant.parse("2026-03-29T01:30:00Z").toEpochMilli());
        assertThat(EngineRows.fromColumns(columns).issuedAt()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void aMalformedRowIsRefusedNamingTheColumnAndWhatIsValid() {
        Map<String, Object> noScopes = debeziumColumns();
        noScopes.remove("scopes");
        assertThatThrownBy(() -> EngineRows.fromColumns(noScopes))
                .isInstanceOf(InvalidTokenRecordException.class).hasMessage("scopes: is missing: the column is NOT NULL");

        Map<String, Object> badTime = debeziumColumns();
        badTime.put("expires_at", "tomorrow");
        assertThatThrownBy(() -> EngineRows.fromColumns(badTime))
                .hasMessage("expires_at: \"tomorrow\" is not a time (expected ISO-8601 with an offset)");

        Map<String, Object> badKind = debeziumColumns();
        badKind.put("kind", "id_token");
        assertThatThrownBy(() -> EngineRows.fromColumns(badKind))
                .hasMessageContaining("\"id_token\" is not a token kind (valid: access_token, refresh_token, authorization_code)");

        Map<String, Object> badVersion = debeziumColumns();
        badVersion.put("version", "v1");
        assertThatThrownBy(() -> EngineRows.fromColumns(badVersion)).hasMessage("version: \"v1\" is not a whole number");
    }
}
