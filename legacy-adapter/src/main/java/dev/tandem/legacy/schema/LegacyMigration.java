package dev.tandem.legacy.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tandem's one change to the legacy schema: a {@code tandem_version BIGINT NOT NULL DEFAULT 0}
 * column on each token table, which carries the write version of the conditional upserts. Online
 * and reversible, and safe to run twice.
 *
 * <p>Why it is online: {@code ALGORITHM=INSTANT} (MariaDB 10.3+ for add, 10.4+ for drop) only
 * changes metadata, and the server refuses the statement rather than fall back to a table copy.
 * The old server keeps reading and writing throughout and afterwards: it never names the column,
 * and its inserts get the default 0 ("predates Tandem"). What an instant ALTER still needs is a
 * moment of exclusive metadata lock; a long transaction on the table would make it wait, and every
 * query queued behind the waiting ALTER would stall too. So the session's {@code lock_wait_timeout}
 * is short and a timed-out attempt, which changes nothing, is tried again.
 */
public final class LegacyMigration {
    /** How long one ALTER may wait for its metadata lock before it gives up and is tried again. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(2);
    /** Attempts per table before the migration fails. */
    public static final int DEFAULT_ATTEMPTS = 15;

    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final String COLUMN = LegacyTable.TANDEM_VERSION;

    private LegacyMigration() {
    }

    /** Adds the version column where it is missing; answers the tables it altered (none when already applied). */
    public static List<String> apply(Connection connection) throws SQLException {
        return alterWhere(connection, false,
                "ADD COLUMN IF NOT EXISTS " + COLUMN + " BIGINT NOT NULL DEFAULT 0, ALGORITHM=INSTANT");
    }

    /** Drops the version column where it exists; answers the tables it altered. The old server's columns are untouched. */
    public static List<String> revert(Connection connection) throws SQLException {
        return alterWhere(connection, true, "DROP COLUMN IF EXISTS " + COLUMN + ", ALGORITHM=INSTANT");
    }

    /** Whether every token table in the connection's current database has the version column. */
    public static boolean isApplied(Connection connection) throws SQLException {
        for (LegacyTable table : LegacyTable.values()) {
            if (!hasColumn(connection, table)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> alterWhere(Connection connection, boolean whenPresent, String alteration) throws SQLException {
        List<String> altered = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = " + Math.max(1, DEFAULT_LOCK_WAIT.toSeconds()));
            for (LegacyTable table : LegacyTable.values()) {
                // Checked first so that a migration already done takes no metadata lock at all.
                if (hasColumn(connection, table) == whenPresent) {
                    alterWithRetries(statement, "ALTER TABLE " + table.tableName() + " " + alteration);
                    altered.add(table.tableName());
                }
            }
        }
        return altered;
    }

    private static void alterWithRetries(Statement statement, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT || attempt >= DEFAULT_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static boolean hasColumn(Connection connection, LegacyTable table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, table.tableName());
            query.setString(2, COLUMN);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private static void pause(int attempt) throws SQLException {
        try {
            // Gives the long transaction that held the lock a chance to end before the next attempt.
            Thread.sleep(Math.min(1_000L, 100L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry the migration", e);
        }
    }
}
