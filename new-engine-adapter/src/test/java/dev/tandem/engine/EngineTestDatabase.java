package dev.tandem.engine;

import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A fresh database on the test stack's PostgreSQL, migrated to the engine schema, with a session factory over it. */
public final class EngineTestDatabase implements AutoCloseable {
    private final DatabaseEndpoint endpoint;
    private final Mutiny.SessionFactory sessions;

    private EngineTestDatabase(DatabaseEndpoint endpoint, Mutiny.SessionFactory sessions) {
        this.endpoint = endpoint;
        this.sessions = sessions;
    }

    public static EngineTestDatabase create() {
        DatabaseEndpoint endpoint = TestStack.get().freshEngineDatabase();
        EngineSchema.migrate(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
        return new EngineTestDatabase(endpoint, sessionsOver(endpoint));
    }

    /** Another factory (its own pool) over the same database: what a second application instance has. */
    public static Mutiny.SessionFactory sessionsOver(DatabaseEndpoint endpoint) {
        return EngineSessionFactory.standalone(endpoint.jdbcUrl(), endpoint.user(), endpoint.password(), 4);
    }

    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    public Mutiny.SessionFactory sessions() {
        return sessions;
    }

    /** A plain JDBC connection, to look at rows as they are, past the adapter. */
    public Connection jdbc() throws SQLException {
        return endpoint.connect();
    }

    /**
     * PostgreSQL's xmin of a row: the transaction that wrote its current version. Unchanged across a
     * write means the write wrote nothing (no WAL record, no change event).
     *
     * @param table one of the engine's tables keyed by {@code id} (a constant of the test, never input)
     */
    public long rowVersionId(String table, String id) throws SQLException {
        try (Connection connection = jdbc();
             PreparedStatement query = connection.prepareStatement("SELECT xmin::text::bigint FROM " + table + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError(table + " holds no row " + id);
                }
                return row.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        sessions.close();
    }
}
