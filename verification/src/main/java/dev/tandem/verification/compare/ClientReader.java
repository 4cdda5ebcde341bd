package dev.tandem.verification.compare;

import dev.tandem.engine.EngineClientRows;
import dev.tandem.legacy.mapping.LegacyClientMapping;
import dev.tandem.legacy.mapping.LegacyClientRow;
import dev.tandem.legacy.schema.LegacyClientTable;
import dev.tandem.model.client.ClientRecord;

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
 * Reads every client of each store, tombstones included, as canonical records through the adapters'
 * own mappings ({@link LegacyClientMapping}, {@link EngineClientRows}), as {@link CanonicalReader}
 * reads tokens. Apps are few (hundreds, not millions): one read of each table, no chunks, no checksums.
 */
public final class ClientReader {
    private ClientReader() {
    }

    /** Legacy's clients ({@code hydra_client}), by id; a row that maps to no client is unreadable. */
    public static TreeMap<String, ClientSide> legacy(Connection connection) throws SQLException {
        TreeMap<String, ClientSide> clients = new TreeMap<>();
        // Times as epoch milliseconds: no session or JVM time zone on the way.
        String sql = "SELECT " + String.join(", ", LegacyClientTable.COLUMNS)
                .replace("created_at", "UNIX_TIMESTAMP(created_at) * 1000 AS created_at")
                .replace("updated_at", "UNIX_TIMESTAMP(updated_at) * 1000 AS updated_at")
                + " FROM " + LegacyClientTable.NAME;
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Map<String, Object> columns = new HashMap<>();
                for (String column : LegacyClientTable.COLUMNS) {
                    columns.put(column, rows.getObject(column));
                }
                String id = String.valueOf(columns.get("id"));
                try {
                    clients.put(id, ClientSide.of(LegacyClientMapping.toCanonical(LegacyClientRow.fromColumns(columns))));
                } catch (RuntimeException e) {
                    // LegacyClientRowException: names the id and the problem, never the secret or the metadata.
                    clients.put(id, ClientSide.unreadable(id, e.getMessage()));
                }
            }
        }
        return clients;
    }

    /** The engine's clients ({@code oauth_client}), by id. */
    public static TreeMap<String, ClientSide> engine(Connection connection) throws SQLException {
        TreeMap<String, ClientSide> clients = new TreeMap<>();
        String sql = "SELECT " + String.join(", ", EngineClientRows.COLUMNS) + " FROM " + EngineClientRows.TABLE;
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Map<String, Object> columns = new HashMap<>();
                for (String column : EngineClientRows.COLUMNS) {
                    columns.put(column, value(rows, column));
                }
                String id = rows.getString(EngineClientRows.ID);
                try {
                    clients.put(id, ClientSide.of(EngineClientRows.fromColumns(columns)));
                } catch (RuntimeException e) {
                    clients.put(id, ClientSide.unreadable(id, e.getMessage()));
                }
            }
        }
        return clients;
    }

    private static Object value(ResultSet rows, String column) throws SQLException {
        return switch (column) {
            case EngineClientRows.CREATED_AT, EngineClientRows.UPDATED_AT -> rows.getObject(column, OffsetDateTime.class);
            case EngineClientRows.REDIRECT_URIS, EngineClientRows.GRANT_TYPES, EngineClientRows.SCOPES -> {
                Array array = rows.getArray(column);
                yield array == null ? null : array.getArray();
            }
            default -> rows.getObject(column);
        };
    }

    /** What one store holds for a client id: a canonical record, or the reason its row maps to none. */
    public record ClientSide(String id, ClientRecord record, String unreadable) {
        static ClientSide of(ClientRecord record) {
            return new ClientSide(record.id(), record, null);
        }

        static ClientSide unreadable(String id, String reason) {
            return new ClientSide(id, null, reason);
        }
    }
}
