package dev.tandem.orchestrator.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real, lasting write fault of the engine that leaves reads possible: a trigger that refuses every
 * token insert and update of the engine database, as a full disk or a revoked grant would.
 */
public final class EngineRefusal {
    private EngineRefusal() {
    }

    /** From now on the engine database behind {@code connection} refuses every token write. */
    public static void refuseWrites(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION tandem_it_refuse() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN RAISE EXCEPTION 'the engine refuses writes (a test fault)'; END $$");
            statement.execute("DROP TRIGGER IF EXISTS tandem_it_refuse ON oauth_token");
            statement.execute("CREATE TRIGGER tandem_it_refuse BEFORE INSERT OR UPDATE ON oauth_token"
                    + " FOR EACH ROW EXECUTE FUNCTION tandem_it_refuse()");
        }
    }

    /** The engine database takes writes again. */
    public static void takeWrites(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER IF EXISTS tandem_it_refuse ON oauth_token");
        }
    }
}
