package dev.tandem.verification.run;

import dev.tandem.verification.ConnectionSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The lease that lets one process at a time work on verification runs: a PostgreSQL session-level
 * advisory lock, held on a connection of its own for as long as the process works. When the
 * process dies, even by kill -9, its connection closes and the server drops the lock at once, so a
 * new process can resume without waiting for a lease to time out.
 */
public final class RunLock implements AutoCloseable {
    /** The two keys of the advisory lock: "tand" and "veri" in ASCII. */
    static final int KEY_CLASS = 0x74616e64;
    static final int KEY_OBJECT = 0x76657269;
    /** Whether anyone holds the lock, as seen from any session. */
    static final String HELD = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid = " + Integer.toUnsignedLong(KEY_CLASS) + " AND objid = " + Integer.toUnsignedLong(KEY_OBJECT)
            + " AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";

    private final Connection connection;

    private RunLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock, or empty when another session holds it. */
    public static Optional<RunLock> tryAcquire(ConnectionSource engine) throws SQLException {
        Connection connection = engine.open();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            statement.setInt(1, KEY_CLASS);
            statement.setInt(2, KEY_OBJECT);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (rows.getBoolean(1)) {
                    return Optional.of(new RunLock(connection));
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return Optional.empty();
    }

    /** Releases the lock (closing its session releases it too). */
    @Override
    public void close() {
        try (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                statement.setInt(1, KEY_CLASS);
                statement.setInt(2, KEY_OBJECT);
                statement.execute();
            }
        } catch (SQLException ignored) {
            // The session is gone, and the lock with it.
        }
    }
}
