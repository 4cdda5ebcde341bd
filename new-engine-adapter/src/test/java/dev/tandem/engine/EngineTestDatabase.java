package dev.tandem.engine;

import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Connection;
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

    @Override
    public void close() {
        sessions.close();
    }
}
