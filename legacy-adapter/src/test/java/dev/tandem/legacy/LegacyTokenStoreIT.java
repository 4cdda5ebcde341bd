package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyRowException;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.UpsertResult;
import dev.tandem.testing.TokenStoreContract;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.mysqlclient.MySQLBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on MariaDB, and what is particular to the legacy schema. */
class LegacyTokenStoreIT extends TokenStoreContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<TokenField> COARSE = Set.of(TokenField.REVOKED_AT);
    private static final String CLIENT_SECRET = "cs-live-9f8e7d6c5b4a-never-log-me";

    private LegacyTestDatabase database;

    @Override
    protected TokenStore createStore() {
        database = LegacyTestDatabase.migrated();
        return new LegacyTokenStore(database.pool(8));
    }

    @Override
    protected Set<TokenField> expectedApproximatedFields() {
        return Set.of(TokenField.REVOKED_AT);
    }

    @Override
    protected List<TokenRecord> recordsThisStoreCannotHold() {
        TokenRecord before = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                .issuedAt(Instant.parse("1969-12-31T23:00:00Z")).expiresAt(Instant.parse("1970-01-02T00:00:00Z")).build();
        TokenRecord after = random.record(TokenKind.REFRESH_TOKEN).toBuilder()
                .issuedAt(Instant.parse("2038-01-19T03:14:08Z")).expiresAt(Instant.parse("2038-02-19T00:00:00Z")).build();
        return List.of(before, after);
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Test
    void timesAreStoredInUtcWhateverTheSessionTimeZone() throws SQLException {
        Pool offsetPool = MySQLBuilder.pool()
                .with(new PoolOptions().setMaxSize(2))
                .connectingTo(database.connectOptions().setUseAffectedRows(true))
                .using(database.vertx())
                .withConnectHandler(connection -> connection.query("SET time_zone = '+05:30'").execute()
                        .subscribe().with(ok -> connection.closeAndForget(), failed -> connection.closeAndForget()))
                .build();
        try {
            LegacyTokenStore offsetStore = new LegacyTokenStore(offsetPool);
            TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                    .issuedAt(Instant.parse("2026-03-29T01:30:00Z")).expiresAt(Instant.parse("2026-03-29T02:30:00Z")).build();

            await(offsetStore.upsert(record));

            assertThat(column(record, "hydra_oauth2_access", "DATE_FORMAT(requested_at, '%Y-%m-%dT%H:%i:%sZ')"))
                    .as("requested_at read in a UTC session").isEqualTo("2026-03-29T01:30:00Z");
            assertThat(await(offsetStore.find(record.id())).orElseThrow().issuedAt()).isEqualTo(record.issuedAt());
            assertThat(await(store.find(record.id())).orElseThrow().issuedAt()).isEqualTo(record.issuedAt());
        } finally {
            offsetPool.closeAndAwait();
        }
    }

    @Test
    void rowsTheOldServerWroteHaveVersionZeroAndTandemsFirstWriteReplacesThem() throws SQLException {
        String id = random.id();
        insertOldServerRow("hydra_oauth2_access", id, "{\"expires_at\":{\"access_token\":\"2026-05-01T11:00:00Z\"},\"subject\":\"alice\"}",
                "grant_type=authorization_code&client_secret=" + CLIENT_SECRET);

        TokenRecord old = await(store.find(id)).orElseThrow();
        assertThat(old.version()).isZero();
        assertThat(old.subject()).isEqualTo("alice");
        assertThat(old.expiresAt()).isEqualTo(Instant.parse("2026-05-01T11:00:00Z"));

        TokenRecord tandems = old.toBuilder().subject("bob").expiresAt(Instant.parse("2026-05-01T12:00:00Z")).version(1).build();
        UpsertResult result = await(store.upsert(tandems));

        assertThat(result.applied()).isTrue();
        assertThat(TokenComparison.differences(tandems, result.stored(), COARSE)).isEmpty();
    }

    @Test
    void aNewerWriteKeepsWhatTheOldServerKeepsBesideTandemsFields() throws SQLException {
        String id = random.id();
        insertOldServerRow("hydra_oauth2_code", id,
                "{\"expires_at\":{\"authorize_code\":\"2026-05-01T10:10:00Z\",\"access_token\":\"2026-05-01T11:00:00Z\"},"
                        + "\"subject\":\"alice\",\"extra\":{\"tenant\":\"t-7\"}}",
                "response_type=code&client_secret=" + CLIENT_SECRET + "&code_challenge=old-challenge&code_challenge_method=plain"
                        + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb");
        TokenRecord old = await(store.find(id)).orElseThrow();
        assertThat(old.codeChallenge()).isEqualTo("old-challenge");

        TokenRecord newer = old.toBuilder().subject("bob").scopes(Set.of("openid")).expiresAt(Instant.parse("2026-05-01T10:20:00Z"))
                .codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkceMethod.S256).version(5).build();
        await(store.upsert(newer));

        assertThat(TokenComparison.differences(newer, await(store.find(id)).orElseThrow(), COARSE)).isEmpty();
        assertThat(column(newer, "hydra_oauth2_code", "scope")).as("requested scope is the old server's").isEqualTo("openid email profile");
        assertThat(column(newer, "hydra_oauth2_code", "granted_scope")).isEqualTo("openid");
        assertThat(column(newer, "hydra_oauth2_code", "granted_audience")).isEqualTo("aud-x");
        assertThat(column(newer, "hydra_oauth2_code", "challenge_id")).isEqualTo("consent-1");
        String form = column(newer, "hydra_oauth2_code", "form_data");
        assertThat(form).contains("response_type=code", "client_secret=" + CLIENT_SECRET, "redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb",
                "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method=S256");
        assertThat(form).doesNotContain("old-challenge").doesNotContain("plain");
        JsonObject session = new JsonObject(column(newer, "hydra_oauth2_code", "session_data"));
        assertThat(session.getJsonObject("extra").getString("tenant")).isEqualTo("t-7");
        assertThat(session.getString("subject")).isEqualTo("bob");
        assertThat(session.getJsonObject("expires_at").getString("access_token")).as("another kind's expiry").isEqualTo("2026-05-01T11:00:00Z");
        assertThat(session.getJsonObject("expires_at").getString("authorize_code")).isEqualTo("2026-05-01T10:20:00Z");

        TokenRecord withoutPkce = newer.toBuilder().codeChallenge(null, null).version(6).build();
        await(store.upsert(withoutPkce));

        assertThat(await(store.find(id)).orElseThrow().codeChallenge()).isNull();
        assertThat(column(newer, "hydra_oauth2_code", "form_data"))
                .isEqualTo("response_type=code&client_secret=" + CLIENT_SECRET + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb");
    }

    @Test
    void concurrentWritesOfOneTokenEndInTheMergeOfAllOfThem() {
        TokenRecord base = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).build();
        List<TokenRecord> writes = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            writes.add(base.toBuilder().version(1_000 + i).clientId("client-" + i)
                    .revokedAt(i % 13 == 0 ? base.issuedAt().plusSeconds(i) : null).build());
        }
        Collections.shuffle(writes);
        TokenRecord expected = writes.stream().reduce(TokenRecord::mergedWith).orElseThrow();

        List<Uni<UpsertResult>> all = writes.stream().map(store::upsert).toList();
        List<UpsertResult> results = Uni.join().all(all).andFailFast().await().atMost(TIMEOUT);

        assertThat(results).anyMatch(UpsertResult::applied);
        TokenRecord stored = await(store.find(base.id())).orElseThrow();
        assertThat(TokenComparison.differences(expected, stored, COARSE)).isEmpty();
        assertThat(stored.clientId()).isEqualTo("client-40");
    }

    /**
     * A real deadlock: another transaction holds the row the upsert inserts and then inserts the same
     * id where the upsert's "no other kind holds it" check has locked the gap. InnoDB rolls back the
     * transaction that wrote less, the upsert; the store tries again and succeeds once the other ends.
     */
    @Test
    void anUpsertRolledBackAsDeadlockVictimIsTriedAgain() throws Exception {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().version(7).build();
        long deadlocksBefore = serverStatus("Innodb_deadlocks");
        CompletableFuture<UpsertResult> upsert;
        try (Connection other = database.jdbc()) {
            other.setAutoCommit(false);
            // Rows written make a transaction heavy; InnoDB rolls back the lighter one, which must be the upsert.
            for (int i = 0; i < 50; i++) {
                insertBareRow(other, "hydra_oauth2_refresh", random.id());
            }
            insertBareRow(other, "hydra_oauth2_access", record.id());
            upsert = store.upsert(record).subscribeAsCompletionStage();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::lockWaitsInThisDatabase, waits -> waits > 0);

            insertBareRow(other, "hydra_oauth2_code", record.id());
            other.rollback();
        }

        UpsertResult result = upsert.get(30, TimeUnit.SECONDS);
        assertThat(serverStatus("Innodb_deadlocks")).as("a deadlock happened").isGreaterThan(deadlocksBefore);
        assertThat(result.applied()).isTrue();
        assertThat(TokenComparison.differences(record, result.stored(), COARSE)).isEmpty();
    }

    @Test
    void anUnmappableRowIsNamedWithoutItsBlobsAndCanStillBeRevokedAndDeleted() throws SQLException {
        String id = random.id();
        insertOldServerRow("hydra_oauth2_refresh", id, "{\"expires_at\":{\"refresh_token\":\"" + CLIENT_SECRET + "\"}}",
                "client_secret=" + CLIENT_SECRET);

        assertThatThrownBy(() -> await(store.find(id)))
                .isInstanceOf(LegacyRowException.class)
                .hasMessageContaining("hydra_oauth2_refresh").hasMessageContaining(id)
                .hasMessageContaining("expires_at.refresh_token is not an RFC 3339 time")
                .hasMessageNotContaining(CLIENT_SECRET);

        assertThatThrownBy(() -> await(store.revoke(id, Instant.now()))).isInstanceOf(LegacyRowException.class);
        assertThat(column(id, "hydra_oauth2_refresh", "active")).as("the revocation committed all the same").isEqualTo("0");
        assertThatThrownBy(() -> await(store.delete(id, 10))).isInstanceOf(LegacyRowException.class);
        assertThat(column(id, "hydra_oauth2_refresh", "tandem_deleted")).as("the tombstone committed all the same").isEqualTo("1");
    }

    @Test
    void aFamilyIdOfBlanksIsRejectedRatherThanRevokingEveryTokenWithoutAFamily() {
        TokenRecord loner = random.record(TokenKind.ACCESS_TOKEN).toBuilder().familyId(null).revokedAt(null).build();
        await(store.upsert(loner));

        assertThatThrownBy(() -> await(store.revokeFamily("", Instant.now())))
                .isInstanceOf(InvalidTokenRecordException.class).hasMessageContaining("familyId");
        assertThatThrownBy(() -> await(store.revokeFamily("x".repeat(41), Instant.now())))
                .isInstanceOf(InvalidTokenRecordException.class).hasMessageContaining("at most 40");
        assertThat(await(store.find(loner.id())).orElseThrow().isRevoked()).isFalse();
    }

    @Test
    void familyRevocationReachesEveryTableAndLeavesVersionsAlone() {
        String family = "grant-" + random.id().substring(0, 20);
        List<TokenRecord> tokens = new ArrayList<>();
        for (TokenKind kind : TokenKind.values()) {
            tokens.add(random.record(kind).toBuilder().familyId(family).revokedAt(null).version(10 + kind.ordinal()).build());
        }
        tokens.forEach(token -> await(store.upsert(token)));

        assertThat(await(store.revokeFamily(family, Instant.now()))).isEqualTo(3);

        for (TokenRecord token : tokens) {
            TokenRecord stored = await(store.find(token.id())).orElseThrow();
            assertThat(stored.isRevoked()).as("%s", token.kind()).isTrue();
            assertThat(stored.version()).as("a revocation carries no version").isEqualTo(token.version());
        }
        assertThat(await(store.revokeFamily(family, Instant.now()))).as("revoking the family again").isZero();
    }

    private static void insertBareRow(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (signature, request_id,"
                + " client_id, scope, granted_scope, form_data, session_data) VALUES (?, '', 'c', '', '', '', '{}')")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    private int lockWaitsInThisDatabase() throws SQLException {
        try (Connection connection = database.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p"
                        + " ON p.ID = t.trx_mysql_thread_id WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private long serverStatus(String variable) throws SQLException {
        try (Connection connection = database.jdbc(); ResultSet rows = connection.createStatement().executeQuery(
                "SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
            rows.next();
            return rows.getLong(2);
        }
    }

    private void insertOldServerRow(String table, String id, String sessionData, String formData) throws SQLException {
        try (Connection connection = database.jdbc(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (signature, request_id, requested_at, client_id, scope, granted_scope,"
                        + " requested_audience, granted_audience, form_data, session_data, subject, active, challenge_id)"
                        + " VALUES (?, 'req-1', '2026-05-01 10:00:00', 'web-app', 'openid email profile', 'email  openid',"
                        + " 'aud-x', 'aud-x', ?, ?, 'alice', 1, 'consent-1')")) {
            insert.setString(1, id);
            insert.setString(2, formData);
            insert.setString(3, sessionData);
            insert.executeUpdate();
        }
    }

    private String column(TokenRecord record, String table, String expression) throws SQLException {
        return column(record.id(), table, expression);
    }

    private String column(String id, String table, String expression) throws SQLException {
        try (Connection connection = database.jdbc();
             PreparedStatement query = connection.prepareStatement("SELECT " + expression + " FROM " + table + " WHERE signature = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("row %s in %s", id, table).isTrue();
                return rows.getString(1);
            }
        }
    }
}
