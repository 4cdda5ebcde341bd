package dev.tandem.engine;

import dev.tandem.engine.signing.KeyEncryptionKey;
import dev.tandem.engine.signing.SigningKey;
import dev.tandem.engine.signing.SigningKeyStore;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows the engine writes, read past the adapter with plain SQL: this is what Debezium streams
 * and what an operator sees in psql, so they must hold the canonical values in their own types,
 * whatever the time zones of the JVM and of the database session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineRowsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Half-hour offset, negative: an offset mistake cannot cancel out or hide in whole hours. */
    private static final String SESSION_TIME_ZONE = "America/St_Johns";

    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private EngineTestDatabase database;
    private Mutiny.SessionFactory sessions;
    private EngineTokenStore store;

    @BeforeAll
    void setUp() throws SQLException {
        database = EngineTestDatabase.create();
        try (Connection connection = database.jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + database.endpoint().database() + " SET timezone TO '" + SESSION_TIME_ZONE + "'");
        }
        // Sessions opened after the ALTER: every pooled connection runs in that zone.
        sessions = EngineTestDatabase.sessionsOver(database.endpoint());
        store = new EngineTokenStore(sessions);
    }

    @AfterAll
    void tearDown() {
        sessions.close();
        database.close();
    }

    @Test
    void bothTheJvmAndTheDatabaseSessionRunOutsideUtc() {
        assertThat(java.util.TimeZone.getDefault().getRawOffset()).as("JVM zone (failsafe argLine)").isNotZero();
        String zone = sessions.withStatelessSession(session -> session
                .createNativeQuery("SELECT current_setting('TimeZone')", String.class).getSingleResult())
                .await().atMost(TIMEOUT);
        assertThat(zone).isEqualTo(SESSION_TIME_ZONE);
    }

    @Test
    void aRowHoldsTheCanonicalValuesInItsOwnColumnTypes() throws SQLException {
        TokenRecord record = TokenRecord.builder()
                .id(random.id()).kind(TokenKind.AUTHORIZATION_CODE).clientId("web-app").subject("user-7")
                .scopes(List.of("profile", "openid", "email"))
                .issuedAt(Instant.parse("2026-03-29T01:30:00Z")).expiresAt(Instant.parse("2026-03-29T01:40:00Z"))
                .revokedAt(Instant.parse("2026-03-29T01:35:07Z")).familyId("grant-77")
                .codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkceMethod.S256).version(123_456_789L).build();

        store.upsert(record).await().atMost(TIMEOUT);

        try (Connection connection = database.jdbc(); PreparedStatement query = connection.prepareStatement("""
                SELECT kind, client_id, subject, scopes, extract(epoch FROM issued_at)::bigint AS issued,
                       extract(epoch FROM expires_at)::bigint AS expires, extract(epoch FROM revoked_at)::bigint AS revoked,
                       family_id, code_challenge, code_challenge_method, signing_key_id, version
                FROM oauth_token WHERE id = ?""")) {
            query.setString(1, record.id());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("kind")).isEqualTo("authorization_code");
                assertThat(row.getString("client_id")).isEqualTo("web-app");
                assertThat(row.getString("subject")).isEqualTo("user-7");
                assertThat((String[]) row.getArray("scopes").getArray()).containsExactly("email", "openid", "profile");
                assertThat(row.getLong("issued")).isEqualTo(record.issuedAt().getEpochSecond());
                assertThat(row.getLong("expires")).isEqualTo(record.expiresAt().getEpochSecond());
                assertThat(row.getLong("revoked")).isEqualTo(record.revokedAt().getEpochSecond());
                assertThat(row.getString("family_id")).isEqualTo("grant-77");
                assertThat(row.getString("code_challenge")).isEqualTo(record.codeChallenge());
                assertThat(row.getString("code_challenge_method")).isEqualTo("S256");
                assertThat(row.getString("signing_key_id")).isNull();
                assertThat(row.getLong("version")).isEqualTo(123_456_789L);
            }
        }
        assertThat(store.find(record.id()).await().atMost(TIMEOUT)).contains(record);
    }

    @Test
    void aWriteThatChangesNothingLeavesTheRowUntouched() throws SQLException {
        TokenRecord record = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).version(50).build();
        store.upsert(record).await().atMost(TIMEOUT);
        long before = database.rowVersionId("oauth_token", record.id());

        store.upsert(record).await().atMost(TIMEOUT);
        store.upsert(record.toBuilder().clientId("older").version(40).build()).await().atMost(TIMEOUT);
        store.revoke(record.id(), record.issuedAt().plusSeconds(3)).await().atMost(TIMEOUT);
        long afterRevoke = database.rowVersionId("oauth_token", record.id());
        store.revoke(record.id(), record.issuedAt().plusSeconds(9)).await().atMost(TIMEOUT);

        assertThat(afterRevoke).as("the revocation is a real change").isNotEqualTo(before);
        assertThat(database.rowVersionId("oauth_token", record.id()))
                .as("a replay, an older write and a later revocation write no new row version (and no CDC event)")
                .isEqualTo(afterRevoke);
    }

    @Test
    void aSignedAccessTokenKeepsItsSigningKeyThroughMirrorWrites() throws SQLException {
        SigningKey key = new SigningKeyStore(sessions, KeyEncryptionKey.generate(), Clock.systemUTC())
                .rotate().await().atMost(TIMEOUT);
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(10).build();

        store.upsert(record, key.kid()).await().atMost(TIMEOUT);
        store.upsert(record.toBuilder().scopes(List.of("openid")).version(20).build()).await().atMost(TIMEOUT);

        try (Connection connection = database.jdbc();
             PreparedStatement query = connection.prepareStatement("SELECT signing_key_id, scopes FROM oauth_token WHERE id = ?")) {
            query.setString(1, record.id());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("signing_key_id")).isEqualTo(key.kid());
                assertThat((String[]) row.getArray("scopes").getArray()).containsExactly("openid");
            }
        }
    }
}
