package dev.tandem.legacy;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenStoreException;
import dev.tandem.testing.RandomTokens;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Real failures of a real server, as the store reports them: retriable or permanent, and why. */
class LegacyStoreFailuresIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void aDatabaseWithoutTheLegacyTablesIsAPermanentFailure() {
        try (LegacyTestDatabase database = LegacyTestDatabase.empty()) {
            TokenStoreException failure = failureOf(database, LegacyTestDatabase::connectOptions,
                    store -> store.find(random.id()).await().atMost(TIMEOUT));

            assertThat(failure.retriable()).isFalse();
            assertThat(failure.getMessage()).contains("find failed", "MariaDB error 1146", "hydra_oauth2_access");
        }
    }

    @Test
    void aSchemaWithoutTheMigrationIsAPermanentFailure() {
        try (LegacyTestDatabase database = LegacyTestDatabase.legacyOnly()) {
            TokenStoreException failure = failureOf(database, LegacyTestDatabase::connectOptions,
                    store -> store.upsert(random.record(TokenKind.ACCESS_TOKEN)).await().atMost(TIMEOUT));

            assertThat(failure.retriable()).isFalse();
            assertThat(failure.getMessage()).contains("upsert failed", "MariaDB error 1054", "Unknown column 'tandem_");
        }
    }

    @Test
    void aWrongPasswordIsAPermanentFailure() {
        try (LegacyTestDatabase database = LegacyTestDatabase.migrated()) {
            TokenStoreException failure = failureOf(database, db -> db.connectOptions().setPassword("not-the-password"),
                    store -> store.find(random.id()).await().atMost(TIMEOUT));

            assertThat(failure.retriable()).isFalse();
            assertThat(failure.getMessage()).contains("MariaDB error 1045").doesNotContain("not-the-password");
        }
    }

    @Test
    void aServerThatRefusesConnectionsIsARetriableFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        int port = closedPort;
        try (LegacyTestDatabase database = LegacyTestDatabase.migrated()) {
            TokenStoreException failure = failureOf(database, db -> db.connectOptions().setPort(port),
                    store -> store.revoke(random.id(), java.time.Instant.now()).await().atMost(TIMEOUT));

            assertThat(failure.retriable()).isTrue();
            assertThat(failure.getMessage()).contains("revoke failed", "Connection refused");
        }
    }

    @Test
    void aPoolThatCountsFoundRowsIsRefusedAtStartUp() {
        try (LegacyTestDatabase database = LegacyTestDatabase.migrated()) {
            var foundRows = io.vertx.mutiny.mysqlclient.MySQLBuilder.pool().with(new PoolOptions().setMaxSize(1))
                    .connectingTo(database.connectOptions().setUseAffectedRows(false)).using(database.vertx()).build();
            var affectedRows = database.pool(1);
            try {
                assertThatThrownBy(() -> new LegacyTokenStore(foundRows).verifyPool().await().atMost(TIMEOUT))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("counts found rows").hasMessageContaining("use-affected-rows=true");
                new LegacyTokenStore(affectedRows).verifyPool().await().atMost(TIMEOUT);
            } finally {
                foundRows.closeAndAwait();
                affectedRows.closeAndAwait();
            }
        }
    }

    private static TokenStoreException failureOf(LegacyTestDatabase database, Function<LegacyTestDatabase, MySQLConnectOptions> options,
                                                 Function<LegacyTokenStore, Object> operation) {
        var pool = LegacyPools.create(database.vertx(), options.apply(database), new PoolOptions().setMaxSize(1));
        try {
            return catchThrowableOfType(TokenStoreException.class, () -> operation.apply(new LegacyTokenStore(pool)));
        } finally {
            pool.closeAndAwait();
        }
    }
}
