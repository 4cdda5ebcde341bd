package dev.tandem.backfill;

import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacyTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the three legacy token tables as one sequence in id order, from just after a given id, in
 * chunks. Each table is read by its own keyset cursor (an index range scan on its primary key) and
 * the three are merged here, so every row is read once; a UNION with a LIMIT per table would read
 * up to three times the chunk. Rows come out raw ({@link Fetched}), to become {@link LegacyRow}s by
 * {@link LegacyRow#fromColumns}, the path every other reader of legacy rows takes.
 *
 * <p>Reads only the columns the canonical mapping looks at. Rows that are certainly expired are only
 * counted, not mapped: MariaDB compares their {@code expires_at} text with a cutoff a margin before
 * this JVM's clock (see {@link #EXPIRED_MARGIN_SECONDS}), as a backfill never copies an expired
 * token and mapping is most of its cost. Only expiries in the plain form
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} are judged this way, where the text's order is time's
 * order; every other row is mapped, and an expired one counted by {@link ExpiryFilter} as before.
 * Such an expired row is therefore not checked for other defects: it is not copied anyway.
 *
 * <p>Mapping is left to the caller ({@link Fetched#toRow}), so that it can run on other threads.
 * Not thread-safe; holds one connection whose session it puts in UTC, as a TIMESTAMP travels as
 * wall-clock time of the session zone.
 */
final class LegacyChunkReader implements AutoCloseable {
    /** The columns {@code LegacyMapping.toCanonical} reads; the rest belong to the old server. */
    private static final List<String> COLUMNS = List.of("signature", "request_id", "requested_at", "client_id",
            "granted_scope", "form_data", "session_data", "subject", "active");

    /**
     * How far before this JVM's clock the SQL cutoff lies: a row is judged expired in SQL only when it
     * expired this long ago, so that a skewed or late clock cannot count a live row as expired.
     */
    static final long EXPIRED_MARGIN_SECONDS = 300;
    private static final String PLAIN_UTC = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?Z$'";
    private static final DateTimeFormatter CUTOFF = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Connection connection;
    private final Map<LegacyTable, PreparedStatement> queries = new EnumMap<>(LegacyTable.class);
    private final Map<LegacyTable, ArrayDeque<Fetched>> buffers = new EnumMap<>(LegacyTable.class);
    private final Map<LegacyTable, String> cursors = new EnumMap<>(LegacyTable.class);
    private final Map<LegacyTable, Boolean> exhausted = new EnumMap<>(LegacyTable.class);

    /**
     * @param afterId the checkpoint: rows with greater ids are read; null reads from the first
     */
    LegacyChunkReader(JdbcConnector legacy, String afterId) throws SQLException {
        this.connection = legacy.connect();
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET time_zone = '+00:00'");
            }
            // Before Tandem's migration every row predates Tandem: live at version 0, as the mapping reads missing columns.
            String version = LegacyMigration.isApplied(connection)
                    ? LegacyTable.TANDEM_DELETED + ", " + LegacyTable.TANDEM_VERSION
                    : "0 AS " + LegacyTable.TANDEM_DELETED + ", 0 AS " + LegacyTable.TANDEM_VERSION;
            for (LegacyTable table : LegacyTable.values()) {
                String expiry = "JSON_VALUE(session_data, '$.expires_at." + table.expiresAtKey() + "')";
                String expired = "COALESCE(" + expiry + " REGEXP " + PLAIN_UTC + " AND LEFT(" + expiry + ", 19) < ?, 0) AS expired";
                queries.put(table, connection.prepareStatement("SELECT " + String.join(", ", COLUMNS) + ", " + version
                        + ", " + expired + " FROM " + table.tableName() + " WHERE signature > ? ORDER BY signature LIMIT ?"));
                buffers.put(table, new ArrayDeque<>());
                cursors.put(table, afterId == null ? "" : afterId);
                exhausted.put(table, false);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The next up to {@code limit} rows in id order; fewer only at the end of all three tables. */
    List<Fetched> next(int limit) throws SQLException {
        List<Fetched> chunk = new ArrayList<>(limit);
        while (chunk.size() < limit) {
            LegacyTable smallest = null;
            for (LegacyTable table : LegacyTable.values()) {
                ArrayDeque<Fetched> buffer = buffers.get(table);
                if (buffer.isEmpty() && !exhausted.get(table)) {
                    fill(table, limit);
                }
                Fetched head = buffer.peekFirst();
                if (head == null) {
                    continue;
                }
                if (smallest == null) {
                    smallest = table;
                    continue;
                }
                int order = head.signature().compareTo(buffers.get(smallest).peekFirst().signature());
                if (order == 0) {
                    throw new LegacyDataException("signature " + head.signature() + " is in both "
                            + smallest.tableName() + " and " + table.tableName()
                            + ": a token has one kind; remove the wrong row by hand, then resume");
                }
                if (order < 0) {
                    smallest = table;
                }
            }
            if (smallest == null) {
                break;
            }
            chunk.add(buffers.get(smallest).pollFirst());
        }
        return chunk;
    }

    private void fill(LegacyTable table, int limit) throws SQLException {
        PreparedStatement query = queries.get(table);
        query.setString(1, CUTOFF.format(Instant.now().minusSeconds(EXPIRED_MARGIN_SECONDS).truncatedTo(ChronoUnit.SECONDS)));
        query.setString(2, cursors.get(table));
        query.setInt(3, limit);
        ArrayDeque<Fetched> buffer = buffers.get(table);
        int signatureColumn = COLUMNS.indexOf("signature") + 1;
        int expiredColumn = COLUMNS.size() + 3;
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String signature = rows.getString(signatureColumn);
                if (rows.getInt(expiredColumn) == 1) {
                    buffer.addLast(new Fetched(table, signature, null));
                    continue;
                }
                Map<String, Object> columns = new HashMap<>(16);
                for (int i = 0; i < COLUMNS.size(); i++) {
                    String column = COLUMNS.get(i);
                    // As LocalDateTime: the driver's Timestamp would pass through the JVM's zone.
                    columns.put(column, column.equals("requested_at")
                            ? rows.getObject(i + 1, LocalDateTime.class) : rows.getObject(i + 1));
                }
                columns.put(LegacyTable.TANDEM_DELETED, rows.getInt(COLUMNS.size() + 1));
                columns.put(LegacyTable.TANDEM_VERSION, rows.getLong(COLUMNS.size() + 2));
                buffer.addLast(new Fetched(table, signature, columns));
            }
        }
        if (buffer.size() < limit) {
            exhausted.put(table, true);
        }
        if (!buffer.isEmpty()) {
            cursors.put(table, buffer.peekLast().signature());
        }
    }

    /** How many rows the server estimates the three tables hold (InnoDB statistics: cheap, roughly right). */
    static long estimatedRows(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COALESCE(SUM(TABLE_ROWS), 0)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?, ?)")) {
            int i = 1;
            for (LegacyTable table : LegacyTable.values()) {
                query.setString(i++, table.tableName());
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            for (PreparedStatement query : queries.values()) {
                query.close();
            }
        } finally {
            connection.close();
        }
    }

    /**
     * One legacy row as read: its raw columns, or none when SQL found it expired.
     *
     * @param columns null for a row that certainly expired (not to be mapped nor copied)
     */
    record Fetched(LegacyTable table, String signature, Map<String, Object> columns) {
        boolean expired() {
            return columns == null;
        }

        /** The row for the canonical mapping; only for rows that are not {@link #expired()}. */
        LegacyRow toRow() {
            return LegacyRow.fromColumns(table, columns);
        }
    }

    /** Legacy data the backfill cannot copy as it is; an operator must look at it. */
    static final class LegacyDataException extends RuntimeException {
        LegacyDataException(String message) {
            super(message);
        }
    }
}
