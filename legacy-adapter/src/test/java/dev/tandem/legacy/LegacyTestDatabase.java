package dev.tandem.legacy;

import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database on the test stack's MariaDB, with the legacy schema and (optionally) Tandem's migration. */
public final class LegacyTestDatabase implements AutoCloseable {
    private final DatabaseEndpoint endpoint;
    private final Vertx vertx = Vertx.vertx();

    private LegacyTestDatabase(DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Schema and migration applied: what the store runs against. */
    public static LegacyTestDatabase migrated() {
        LegacyTestDatabase database = empty();
        try (Connection connection = database.jdbc()) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up " + database.endpoint, e);
        }
        return database;
    }

    /** The legacy schema only, as the old server left it. */
    public static LegacyTestDatabase legacyOnly() {
        LegacyTestDatabase database = empty();
        try (Connection connection = database.jdbc()) {
            LegacySchema.create(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up " + database.endpoint, e);
        }
        return database;
    }

    /** No tables at all. */
    public static LegacyTestDatabase empty() {
        return new LegacyTestDatabase(TestStack.get().freshLegacyDatabase());
    }

    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** A JDBC connection whose session runs in UTC; the caller closes it. */
    public Connection jdbc() throws SQLException {
        Connection connection = endpoint.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return connection;
    }

    public MySQLConnectOptions connectOptions() {
        return new MySQLConnectOptions()
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setDatabase(endpoint.database())
                .setUser(endpoint.user())
                .setPassword(endpoint.password());
    }

    /** A pool as the store wants it (see {@link LegacyPools}). */
    public Pool pool(int size) {
        return LegacyPools.create(vertx, connectOptions(), new PoolOptions().setMaxSize(size));
    }

    @Override
    public void close() {
        vertx.closeAndAwait();
    }
}
