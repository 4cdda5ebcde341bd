package dev.tandem.engine;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.model.client.InvalidClientRecordException;
import dev.tandem.testing.ClientStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client store contract against the engine on a real PostgreSQL, and what {@code oauth_client} itself guarantees. */
class EngineClientStoreIT extends ClientStoreContract {
    private EngineTestDatabase database;

    @Override
    protected ClientStore createStore() {
        database = EngineTestDatabase.create();
        return new EngineClientStore(database.sessions());
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theRowHoldsTheListsInTheirOrderAndTheMethodByItsWireName() throws SQLException {
        ClientRecord client = withRedirectUris(random.confidentialClient(), List.of("https://b.example/cb", "https://a.example/cb/"));
        await(store.upsert(client));

        try (Connection connection = database.jdbc(); PreparedStatement query = connection.prepareStatement(
                "SELECT redirect_uris, grant_types, token_endpoint_auth_method, version FROM oauth_client WHERE id = ?")) {
            query.setString(1, client.id());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat((String[]) row.getArray("redirect_uris").getArray())
                        .containsExactly("https://b.example/cb", "https://a.example/cb/");
                assertThat((String[]) row.getArray("grant_types").getArray()).containsExactlyElementsOf(client.grantTypes());
                assertThat(row.getString("token_endpoint_auth_method")).isEqualTo(client.authMethod().wireName());
                assertThat(row.getLong("version")).isEqualTo(client.version());
            }
        }
    }

    @Test
    void aWriteThatChangesNothingLeavesTheRowUntouched() throws SQLException {
        ClientRecord client = random.record().withVersion(50);
        await(store.upsert(client));
        long before = database.rowVersionId("oauth_client", client.id());

        await(store.upsert(client));
        await(store.upsert(withRedirectUris(client, List.of("https://older.example/cb")).withVersion(40)));

        assertThat(database.rowVersionId("oauth_client", client.id()))
                .as("a replay and an older write write no new row version (and no CDC event)").isEqualTo(before);
    }

    @Test
    void theTableRefusesAPublicClientWithASecret() throws SQLException {
        ClientRecord client = random.publicClient();
        await(store.upsert(client));

        try (Connection connection = database.jdbc(); PreparedStatement update = connection.prepareStatement(
                "UPDATE oauth_client SET secret_hash = 'pbkdf2-sha256$1$a$b' WHERE id = ?")) {
            update.setString(1, client.id());
            assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("oauth_client_secret_matches_auth_method");
        }
        assertThat(await(store.lookup(client.id()))).contains(client);
    }

    @Test
    void invalidInputFailsTheUniUnchanged() {
        assertThatThrownBy(() -> await(store.upsert(null)))
                .isInstanceOf(InvalidClientRecordException.class).hasMessage("record: is required");
        assertThatThrownBy(() -> await(store.lookup("")))
                .isInstanceOf(InvalidClientRecordException.class).hasMessage("id: is required");
        assertThatThrownBy(() -> await(store.scan(null, 0)))
                .isInstanceOf(InvalidClientRecordException.class).hasMessageContaining("limit: 0 is not a page size");
    }
}
