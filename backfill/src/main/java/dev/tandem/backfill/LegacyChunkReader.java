package dev.tandem.backfill;

import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacyTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
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
 * up to three times the chunk. Rows come out as {@link LegacyRow}s built by
 * {@link LegacyRow#fromColumns}, the path every other reader of legacy rows takes.
 *
 * <p>Reads only the columns the canonical mapping looks at. Not thread-safe; holds one connection
 * whose session it puts in UTC, as a TIMESTAMP travels as wall-clock time of the session zone.
 */
final class LegacyChunkReader implements AutoCloseable {
    /** The columns {@code LegacyMapping.toCanonical} reads; the rest belong to the old server. */
    private static final List<String> COLUMNS = List.of("signature", "request_id", "requested_at", "client_id",
            "granted_scope", "form_data", "session_data", "subject", "active");

    private final Connection connection;
    private final Map<LegacyTable, PreparedStatement> queries = new EnumMap<>(LegacyTable.class);
    private final Map<LegacyTable, ArrayDeque<LegacyRow>> buffers = new EnumMap<>(LegacyTable.class);
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
            // Before Tandem's migration every row predates Tandem: version 0, as the mapping reads a missing column.
            String version = LegacyMigration.isApplied(connection) ? LegacyTable.TANDEM_VERSION : "0 AS " + LegacyTable.TANDEM_VERSION;
            for (LegacyTable table : LegacyTable.values()) {
                queries.put(table, connection.prepareStatement("SELECT " + String.join(", ", COLUMNS) + ", " + version
                        + " FROM " + table.tableName() + " WHERE signature > ? ORDER BY signature LIMIT ?"));
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
    List<LegacyRow> next(int limit) throws SQLException {
        List<LegacyRow> chunk = new ArrayList<>(limit);
        while (chunk.size() < limit) {
            LegacyTable smallest = null;
            for (LegacyTable table : LegacyTable.values()) {
                ArrayDeque<LegacyRow> buffer = buffers.get(table);
                if (buffer.isEmpty() && !exhausted.get(table)) {
                    fill(table, limit);
                }
                LegacyRow head = buffer.peekFirst();
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
        query.setString(1, cursors.get(table));
        query.setInt(2, limit);
        ArrayDeque<LegacyRow> buffer = buffers.get(table);
        Map<String, Object> columns = new HashMap<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                columns.clear();
                for (String column : COLUMNS) {
                    // As LocalDateTime: the driver's Timestamp would pass through the JVM's zone.
                    columns.put(column, column.equals("requested_at")
                            ? rows.getObject(column, LocalDateTime.class) : rows.getObject(column));
                }
                columns.put(LegacyTable.TANDEM_VERSION, rows.getLong(LegacyTable.TANDEM_VERSION));
                buffer.addLast(LegacyRow.fromColumns(table, columns));
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

    /** Legacy data the backfill cannot copy as it is; an operator must look at it. */
    static final class LegacyDataException extends RuntimeException {
        LegacyDataException(String message) {
            super(message);
        }
    }
}
