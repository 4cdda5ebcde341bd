package dev.tandem.engine;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStoreException;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.RandomTokens;
import dev.tandem.testing.TestStack;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real failures of a real server, and how the store reports them: retriable or permanent, and why. */
class EngineFailuresIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void aDatabaseWithoutTheSchemaIsAPermanentFailure() {
        DatabaseEndpoint empty = TestStack.get().freshEngineDatabase();
        Mutiny.SessionFactory sessions = EngineTestDatabase.sessionsOver(empty);
        try {
            EngineTokenStore store = new EngineTokenStore(sessions);

            assertThatThrownBy(() -> store.upsert(random.record()).await().atMost(TIMEOUT))
                    .isInstanceOfSatisfying(TokenStoreException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("SQLSTATE 42P01")
                    .hasMessageContaining("oauth_token");
        } finally {
            sessions.close();
        }
    }

    @Test
    void aMissingDatabaseIsAPermanentFailure() {
        DatabaseEndpoint missing = TestStack.get().engine().withDatabase("t_does_not_exist");
        Mutiny.SessionFactory sessions = EngineTestDatabase.sessionsOver(missing);
        try {
            assertThatThrownBy(() -> new EngineTokenStore(sessions).find(random.id()).await().atMost(TIMEOUT))
                    .isInstanceOfSatisfying(TokenStoreException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("SQLSTATE 3D000");
        } finally {
            sessions.close();
        }
    }

    @Test
    void aRefusedConnectionIsRetriable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseEndpoint engine = TestStack.get().engine();
        DatabaseEndpoint nowhere = new DatabaseEndpoint(engine.flavor(), "127.0.0.1", closedPort, "tandem_engine", "tandem", "x");
        Mutiny.SessionFactory sessions = EngineTestDatabase.sessionsOver(nowhere);
        try {
            assertThatThrownBy(() -> new EngineTokenStore(sessions).find(random.id()).await().atMost(TIMEOUT))
                    .isInstanceOfSatisfying(TokenStoreException.class, e -> assertThat(e.retriable()).isTrue())
                    .hasMessageContaining("no connection to the database");
        } finally {
            sessions.close();
        }
    }

    @Test
    void aConnectionKilledByTheAdministratorMidStatementIsRetriableAndTheNextCallWorks() throws Exception {
        try (EngineTestDatabase database = EngineTestDatabase.create();
             Connection locker = database.jdbc(); Connection admin = database.jdbc()) {
            EngineTokenStore store = new EngineTokenStore(database.sessions());
            TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).build();
            store.upsert(record).await().atMost(TIMEOUT);
            // Hold the row lock so that the store's revocation waits inside the server.
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("SELECT id FROM oauth_token WHERE id = ? FOR UPDATE")) {
                lock.setString(1, record.id());
                lock.executeQuery().close();
            }
            Instant revokedAt = record.issuedAt().plusSeconds(1);
            CompletableFuture<Optional<TokenRecord>> blocked = store.revoke(record.id(), revokedAt)
                    .subscribeAsCompletionStage();
            await().atMost(TIMEOUT).until(() -> waitingBackend(admin).isPresent());

            try (Statement terminate = admin.createStatement()) {
                terminate.execute("SELECT pg_terminate_backend(" + waitingBackend(admin).orElseThrow() + ")");
            }

            assertThatThrownBy(() -> Uni.createFrom().completionStage(blocked).await().atMost(TIMEOUT))
                    .isInstanceOfSatisfying(TokenStoreException.class, e -> assertThat(e.retriable()).isTrue())
                    .hasMessageContaining("revoke failed");
            locker.rollback();
            assertThat(store.revoke(record.id(), revokedAt).await().atMost(TIMEOUT))
                    .as("the retry, on a new pooled connection").hasValueSatisfying(r -> assertThat(r.revokedAt()).isEqualTo(revokedAt));
        }
    }

    /** The pid of a backend of this database that waits for a lock. */
    private static Optional<Integer> waitingBackend(Connection admin) throws Exception {
        try (Statement query = admin.createStatement();
             ResultSet rows = query.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
            return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
        }
    }
}
