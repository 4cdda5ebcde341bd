package dev.tandem.orchestrator.stores;

import dev.tandem.engine.EngineClientStore;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.legacy.LegacyClientStore;
import dev.tandem.legacy.LegacyPools;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Both stores on fresh databases of the test stack's real servers: legacy with the old server's
 * schema plus Tandem's migration, the engine migrated by Flyway. Close it to release the pools.
 */
public final class FreshStores implements AutoCloseable {
    public final DatabaseEndpoint legacyEndpoint;
    public final DatabaseEndpoint engineEndpoint;
    public final LegacyTokenStore legacy;
    public final EngineTokenStore engine;
    public final LegacyClientStore legacyClients;
    public final EngineClientStore engineClients;
    private final Vertx vertx;
    private final Pool legacyPool;
    private final Mutiny.SessionFactory engineSessions;

    private FreshStores(int poolSize) throws SQLException {
        legacyEndpoint = TestStack.get().freshLegacyDatabase();
        try (Connection connection = legacyEndpoint.connect()) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        }
        engineEndpoint = TestStack.get().freshEngineDatabase();
        EngineSchema.migrate(engineEndpoint.jdbcUrl(), engineEndpoint.user(), engineEndpoint.password());

        vertx = Vertx.vertx();
        legacyPool = LegacyPools.create(vertx, new MySQLConnectOptions()
                        .setHost(legacyEndpoint.host()).setPort(legacyEndpoint.port())
                        .setDatabase(legacyEndpoint.database())
                        .setUser(legacyEndpoint.user()).setPassword(legacyEndpoint.password()),
                new PoolOptions().setMaxSize(poolSize));
        legacy = new LegacyTokenStore(legacyPool);
        engineSessions = EngineSessionFactory.standalone(engineEndpoint.jdbcUrl(), engineEndpoint.user(),
                engineEndpoint.password(), poolSize);
        engine = new EngineTokenStore(engineSessions);
        legacyClients = new LegacyClientStore(legacyPool);
        engineClients = new EngineClientStore(engineSessions);
    }

    public static FreshStores create(int poolSize) {
        try {
            return new FreshStores(poolSize);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare fresh databases on the test stack", e);
        }
    }

    /** A legacy store whose server refuses connections: a real failure, not a mock. Closed with this. */
    public LegacyTokenStore unreachableLegacy() {
        Pool pool = LegacyPools.create(vertx, new MySQLConnectOptions().setHost("127.0.0.1").setPort(1)
                .setDatabase("none").setUser("none").setPassword("none"), new PoolOptions().setMaxSize(1));
        return new LegacyTokenStore(pool);
    }

    @Override
    public void close() {
        engineSessions.close();
        legacyPool.closeAndAwait();
        vertx.closeAndAwait();
    }
}
