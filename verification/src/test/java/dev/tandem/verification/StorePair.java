package dev.tandem.verification;

import dev.tandem.engine.EngineClientStore;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.legacy.LegacyClientStore;
import dev.tandem.legacy.LegacyPools;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Both stores on fresh databases of the test stack's real servers: legacy with the old server's
 * schema plus Tandem's column, the engine migrated by Flyway, the
 * verification's tables by their own ({@link VerificationSchema}).
 */
final class StorePair implements AutoCloseable {
    final DatabaseEndpoint legacyEndpoint;
    final DatabaseEndpoint engineEndpoint;
    final ConnectionSource legacySource;
    final ConnectionSource engineSource;
    private Vertx vertx;
    private Pool legacyPool;
    private Mutiny.SessionFactory engineSessions;
    private LegacyTokenStore legacy;
    private EngineTokenStore engine;

    StorePair() throws SQLException {
        legacyEndpoint = TestStack.get().freshLegacyDatabase();
        try (Connection connection = legacyEndpoint.connect()) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        }
        engineEndpoint = TestStack.get().freshEngineDatabase();
        EngineSchema.migrate(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());
        VerificationSchema.migrate(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());
        legacySource = ConnectionSource.jdbc(legacyEndpoint.jdbcUrl(), legacyEndpoint.user(), legacyEndpoint.password());
        engineSource = ConnectionSource.jdbc(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());
    }

    LegacyTokenStore legacy() {
        if (legacy == null) {
            vertx = Vertx.vertx();
            legacyPool = LegacyPools.create(vertx, new MySQLConnectOptions()
                            .setHost(legacyEndpoint.host()).setPort(legacyEndpoint.port()).setDatabase(legacyEndpoint.database())
                            .setUser(legacyEndpoint.user()).setPassword(legacyEndpoint.password()),
                    new PoolOptions().setMaxSize(4));
            legacy = new LegacyTokenStore(legacyPool);
        }
        return legacy;
    }

    EngineTokenStore engine() {
        if (engine == null) {
            engineSessions = EngineSessionFactory.standalone(engineEndpoint.jdbcUrl(), engineEndpoint.user(),
                    engineEndpoint.password(), 4);
            engine = new EngineTokenStore(engineSessions);
        }
        return engine;
    }

    /** Legacy's clients, on the token store's pool. */
    LegacyClientStore legacyClients() {
        legacy();
        return new LegacyClientStore(legacyPool);
    }

    /** The engine's clients, on the token store's session factory. */
    EngineClientStore engineClients() {
        engine();
        return new EngineClientStore(engineSessions);
    }

    /** Writes the client through both stores' own upserts, as the mirror does. */
    void writeBoth(ClientRecord client) {
        legacyClients().upsert(client).await().atMost(Duration.ofSeconds(30));
        engineClients().upsert(client).await().atMost(Duration.ofSeconds(30));
    }

    /** Writes the record through both stores' own upserts, as dual writes do. */
    void writeBoth(TokenRecord record) {
        legacy().upsert(record).await().atMost(Duration.ofSeconds(30));
        engine().upsert(record).await().atMost(Duration.ofSeconds(30));
    }

    int legacySql(String sql, Object... parameters) throws SQLException {
        return execute(legacySource, sql, parameters);
    }

    int engineSql(String sql, Object... parameters) throws SQLException {
        return execute(engineSource, sql, parameters);
    }

    private static int execute(ConnectionSource source, String sql, Object... parameters) throws SQLException {
        try (Connection connection = source.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    @Override
    public void close() {
        if (engineSessions != null) {
            engineSessions.close();
        }
        if (legacyPool != null) {
            legacyPool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }
}
