package dev.tandem.legacy.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Tandem's one change to the legacy schema: two columns on each token table and on the client table
 * ({@code hydra_client}), {@code tandem_version
 * BIGINT NOT NULL DEFAULT 0}, which carries the write version of the conditional upserts, and
 * {@code tandem_deleted TINYINT NOT NULL DEFAULT 0}, the tombstone mark a delete leaves. Online and
 * reversible, and safe to run twice (also on a schema that has only the first, from before tombstones).
 *
 * <p>Why it is online: {@code ALGORITHM=INSTANT} (MariaDB 10.3+ for add, 10.4+ for drop) only
 * changes metadata, and the server refuses the statement rather than fall back to a table copy.
 * The old server keeps reading and writing throughout and afterwards: it never names the columns,
 * and its inserts get the defaults 0 ("predates Tandem", "not deleted"). A tombstone keeps its row's
 * {@code active} flag as it was: Tandem's reads skip tombstones; the old server, which does not know
 * the mark, is not serving tokens while Tandem migrates its store. What an instant ALTER still needs is a
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
    /** The tables Tandem adds its columns to, in the order they are altered: the token tables, then the clients. */
    public static final List<String> TABLES = tables();
    /** Each column Tandem adds, with its definition, in the order they are added. */
    private static final Map<String, String> COLUMNS = columns();

    private LegacyMigration() {
    }

    /** Adds Tandem's columns where they are missing; answers the tables it altered (none when already applied). */
    public static List<String> apply(Connection connection) throws SQLException {
        return alterWhere(connection, false, (column, definition) -> "ADD COLUMN IF NOT EXISTS " + column + " " + definition);
    }

    /** Drops Tandem's columns where they exist; answers the tables it altered. The old server's columns are untouched. */
    public static List<String> revert(Connection connection) throws SQLException {
        return alterWhere(connection, true, (column, definition) -> "DROP COLUMN IF EXISTS " + column);
    }

    /** Whether every table of {@link #TABLES} in the connection's current database has every column Tandem adds. */
    public static boolean isApplied(Connection connection) throws SQLException {
        for (String table : TABLES) {
            for (String column : COLUMNS.keySet()) {
                if (!hasColumn(connection, table, column)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> alterWhere(Connection connection, boolean whenPresent,
                                           BiFunction<String, String, String> alteration) throws SQLException {
        List<String> altered = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = " + Math.max(1, DEFAULT_LOCK_WAIT.toSeconds()));
            for (String table : TABLES) {
                // Checked first so that a migration already done takes no metadata lock at all.
                List<String> changes = new ArrayList<>();
                for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
                    if (hasColumn(connection, table, column.getKey()) == whenPresent) {
                        changes.add(alteration.apply(column.getKey(), column.getValue()));
                    }
                }
                if (!changes.isEmpty()) {
                    alterWithRetries(statement, "ALTER TABLE " + table + " " + String.join(", ", changes)
                            + ", ALGORITHM=INSTANT");
                    altered.add(table);
                }
            }
        }
        return altered;
    }

    private static List<String> tables() {
        List<String> tables = new ArrayList<>();
        for (LegacyTable table : LegacyTable.values()) {
            tables.add(table.tableName());
        }
        tables.add(LegacyClientTable.NAME);
        return List.copyOf(tables);
    }

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(LegacyTable.TANDEM_DELETED, "TINYINT NOT NULL DEFAULT 0");
        columns.put(LegacyTable.TANDEM_VERSION, "BIGINT NOT NULL DEFAULT 0");
        return Collections.unmodifiableMap(columns);
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

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            query.setString(1, table);
            query.setString(2, column);
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
