package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyClientRowException;
import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.model.client.ClientUpsertResult;
import dev.tandem.model.client.InvalidClientRecordException;
import dev.tandem.testing.ClientStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client store contract on MariaDB's {@code hydra_client}, and what is particular to the old server's layout. */
class LegacyClientStoreIT extends ClientStoreContract {
    private static final String OLD_SECRET_HASH = "$2a$10$abcdefghijklmnopqrstuu5Jm1pZ8t0mP6S3yQbqfW7Y6vQm1h9dKa";

    private LegacyTestDatabase database;

    @Override
    protected ClientStore createStore() {
        database = LegacyTestDatabase.migrated();
        return new LegacyClientStore(database.pool(8));
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Test
    void aClientTheOldServerRegisteredHasVersionZeroAndTandemsFirstWriteReplacesIt() throws SQLException {
        String id = random.id();
        insertOldServerClient(id, "{\"owner\":\"team-a\"}");

        ClientRecord old = await(store.find(id)).orElseThrow();
        assertThat(old.version()).isZero();
        assertThat(old.authMethod()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(old.secretHash()).isEqualTo(OLD_SECRET_HASH);
        assertThat(old.redirectUris()).containsExactly("https://old.example/cb", "https://old.example/cb/");

        ClientRecord rotated = old.withSecret(random.secretHash(), false, Instant.parse("2026-06-01T00:00:00Z")).withVersion(1);
        ClientUpsertResult result = await(store.upsert(rotated));

        assertThat(result.applied()).isTrue();
        assertThat(result.stored()).isEqualTo(rotated);
        assertThat(column(id, "JSON_VALUE(metadata, '$.owner')")).as("the old server's metadata stays").isEqualTo("team-a");
        assertThat(column(id, "JSON_VALUE(metadata, '$.tandem_previous_secret_hash')")).isEqualTo(OLD_SECRET_HASH);
        assertThat(column(id, "response_types")).as("the old server's column stays").isEqualTo("code|token");

        ClientRecord dropped = rotated.withSecret(random.secretHash(), true, Instant.parse("2026-06-02T00:00:00Z")).withVersion(2);
        await(store.upsert(dropped));
        // Compared as JSON, not as text: how MariaDB spaces the object JSON_REMOVE writes is its own business.
        assertThat(column(id, "JSON_EXISTS(metadata, '$.tandem_previous_secret_hash')")).as("the previous hash leaves").isEqualTo("0");
        assertThat(column(id, "JSON_LENGTH(metadata)")).as("the rest stays").isEqualTo("1");
        assertThat(column(id, "JSON_VALUE(metadata, '$.owner')")).isEqualTo("team-a");
    }

    @Test
    void listsAreStoredAsHydraJoinedThem() throws SQLException {
        ClientRecord client = withRedirectUris(random.confidentialClient(), List.of("https://b.example/cb", "https://a.example/cb/"));
        await(store.upsert(client));

        assertThat(column(client.id(), "redirect_uris")).isEqualTo("https://b.example/cb|https://a.example/cb/");
        assertThat(column(client.id(), "grant_types")).isEqualTo(String.join("|", client.grantTypes()));
        assertThat(column(client.id(), "token_endpoint_auth_method")).isEqualTo(client.authMethod().wireName());
        assertThat(column(client.id(), "DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ')")).isEqualTo(client.createdAt().toString());
    }

    @Test
    void aClientLegacyCannotHoldIsRefusedAndNothingIsWritten() {
        ClientRecord late = new ClientRecord(random.id(), "Late", null, null, List.of("https://a.example/cb"),
                new TreeSet<>(List.of("authorization_code")), ClientAuthMethod.NONE, new TreeSet<>(),
                Instant.parse("2038-02-01T00:00:00Z"), Instant.parse("2038-02-01T00:00:00Z"), false, 1);

        assertThatThrownBy(() -> await(store.upsert(late)))
                .isInstanceOf(InvalidClientRecordException.class).hasMessageContaining("outside legacy TIMESTAMP range");
        assertThat(await(store.lookup(late.id()))).isEmpty();
    }

    @Test
    void anUnmappableRowIsNamedWithoutItsSecret() throws SQLException {
        String id = random.id();
        insertOldServerClient(id, "not json " + OLD_SECRET_HASH);

        assertThatThrownBy(() -> await(store.lookup(id)))
                .isInstanceOf(LegacyClientRowException.class)
                .hasMessageContaining(id).hasMessageContaining("metadata is not a JSON object")
                .hasMessageNotContaining(OLD_SECRET_HASH);
    }

    private void insertOldServerClient(String id, String metadata) throws SQLException {
        try (Connection connection = database.jdbc(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO hydra_client (id, client_name, client_secret, redirect_uris, grant_types, response_types, scope,"
                        + " token_endpoint_auth_method, created_at, updated_at, metadata)"
                        + " VALUES (?, 'Old app', ?, 'https://old.example/cb|https://old.example/cb/',"
                        + " 'authorization_code|refresh_token', 'code|token', 'openid offline_access', '',"
                        + " '2026-05-01 10:00:00', '2026-05-01 10:00:00', ?)")) {
            insert.setString(1, id);
            insert.setString(2, OLD_SECRET_HASH);
            insert.setString(3, metadata);
            insert.executeUpdate();
        }
    }

    private String column(String id, String expression) throws SQLException {
        try (Connection connection = database.jdbc();
             PreparedStatement query = connection.prepareStatement("SELECT " + expression + " FROM hydra_client WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("client %s", id).isTrue();
                return rows.getString(1);
            }
        }
    }
}
