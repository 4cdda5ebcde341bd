package dev.tandem.verification.compare;

import dev.tandem.engine.EngineRows;
import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenStoreException;
import dev.tandem.verification.checksum.KeyRange;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one chunk of each store as canonical records, through the adapters' own mappings
 * ({@link LegacyMapping}, {@link EngineRows}): the record comparison is the definition of equal;
 * the checksums only spare it where they agree.
 */
public final class CanonicalReader {
    private static final String[] ENGINE_COLUMNS = {EngineRows.ID, EngineRows.KIND, EngineRows.CLIENT_ID, EngineRows.SUBJECT,
            EngineRows.SCOPES, EngineRows.ISSUED_AT, EngineRows.EXPIRES_AT, EngineRows.REVOKED_AT, EngineRows.FAMILY_ID,
            EngineRows.CODE_CHALLENGE, EngineRows.CODE_CHALLENGE_METHOD, EngineRows.DELETED, EngineRows.VERSION};

    private CanonicalReader() {
    }

    /** Legacy's rows in {@code range}, by id. A row that cannot be mapped, or an id in two tables, is unreadable. */
    public static TreeMap<String, SideRecord> legacy(Connection connection, KeyRange range) throws SQLException {
        TreeMap<String, SideRecord> records = new TreeMap<>();
        Map<String, LegacyTable> tableOf = new HashMap<>();
        for (LegacyTable table : LegacyTable.values()) {
            // requested_at as epoch milliseconds: no session or JVM time zone on the way.
            String sql = "SELECT " + String.join(", ", LegacyTable.COLUMNS).replace("requested_at",
                    "UNIX_TIMESTAMP(requested_at) * 1000 AS requested_at")
                    + " FROM " + table.tableName() + " WHERE signature >= ?" + (range.upper() == null ? "" : " AND signature < ?");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, range);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Object> columns = new HashMap<>();
                        for (String column : LegacyTable.COLUMNS) {
                            columns.put(column, rows.getObject(column));
                        }
                        SideRecord side = legacyRecord(table, columns);
                        LegacyTable other = tableOf.putIfAbsent(side.id(), table);
                        if (other != null) {
                            side = SideRecord.unreadable(side.id(), "the id is in both " + other.tableName() + " and "
                                    + table.tableName() + ": a token has one kind");
                        }
                        records.put(side.id(), side);
                    }
                }
            }
        }
        return records;
    }

    /** The engine's rows in {@code range}, by id. */
    public static TreeMap<String, SideRecord> engine(Connection connection, KeyRange range) throws SQLException {
        TreeMap<String, SideRecord> records = new TreeMap<>();
        String sql = "SELECT " + String.join(", ", ENGINE_COLUMNS) + " FROM oauth_token WHERE id >= ?"
                + (range.upper() == null ? "" : " AND id < ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, range);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> columns = new HashMap<>();
                    for (String column : ENGINE_COLUMNS) {
                        columns.put(column, engineValue(rows, column));
                    }
                    String id = rows.getString(EngineRows.ID);
                    try {
                        records.put(id, SideRecord.of(EngineRows.fromColumns(columns)));
                    } catch (RuntimeException e) {
                        records.put(id, SideRecord.unreadable(id, e.getMessage()));
                    }
                }
            }
        }
        return records;
    }

    private static SideRecord legacyRecord(LegacyTable table, Map<String, Object> columns) {
        String signature = String.valueOf(columns.get("signature"));
        try {
            return SideRecord.of(LegacyMapping.toCanonical(LegacyRow.fromColumns(table, columns)));
        } catch (TokenStoreException e) {
            // LegacyRowException: names table, signature and problem, never the blobs' content.
            return SideRecord.unreadable(signature, e.getMessage());
        }
    }

    private static Object engineValue(ResultSet rows, String column) throws SQLException {
        return switch (column) {
            case EngineRows.ISSUED_AT, EngineRows.EXPIRES_AT, EngineRows.REVOKED_AT -> rows.getObject(column, OffsetDateTime.class);
            case EngineRows.SCOPES -> {
                Array array = rows.getArray(column);
                yield array == null ? null : array.getArray();
            }
            default -> rows.getObject(column);
        };
    }

    private static void bind(PreparedStatement statement, KeyRange range) throws SQLException {
        statement.setString(1, range.lower());
        if (range.upper() != null) {
            statement.setString(2, range.upper());
        }
    }
}
