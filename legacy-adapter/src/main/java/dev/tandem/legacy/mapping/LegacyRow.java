package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyTable;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a legacy token table, every column as the database holds it. {@code tandemVersion} is
 * 0 where the column does not exist yet (before {@code LegacyMigration}) or the old server wrote the row;
 * {@code tandemDeleted} is false there.
 *
 * <p>{@code formData} and {@code sessionData} may carry secrets that old servers kept (client secrets,
 * PKCE verifiers, raw tokens): {@link #toString()} shows their length only, and nothing else prints them.
 */
public record LegacyRow(
        LegacyTable table,
        String signature,
        String requestId,
        Instant requestedAt,
        String clientId,
        String scope,
        String grantedScope,
        String requestedAudience,
        String grantedAudience,
        String formData,
        String sessionData,
        String subject,
        boolean active,
        String challengeId,
        boolean tandemDeleted,
        long tandemVersion) {

    public LegacyRow {
        if (table == null) {
            throw new IllegalArgumentException("a legacy row needs its table");
        }
    }

    /**
     * Builds a row from raw column values keyed by column name, as a change event carries them
     * (Debezium's {@code before}/{@code after} maps) or as a driver returns them. Tolerates the usual
     * encodings: times as {@link Instant}, date-time objects in UTC, epoch milliseconds or ISO-8601
     * text; {@code active} as a boolean, a number or "0"/"1"; text as strings or UTF-8 bytes.
     */
    public static LegacyRow fromColumns(LegacyTable table, Map<String, ?> columns) {
        String signature = ColumnValues.text(columns.get("signature"));
        return new LegacyRow(table,
                signature,
                ColumnValues.text(columns.get("request_id")),
                instant(table, signature, columns.get("requested_at")),
                ColumnValues.text(columns.get("client_id")),
                ColumnValues.text(columns.get("scope")),
                ColumnValues.text(columns.get("granted_scope")),
                ColumnValues.text(columns.get("requested_audience")),
                ColumnValues.text(columns.get("granted_audience")),
                ColumnValues.text(columns.get("form_data")),
                ColumnValues.text(columns.get("session_data")),
                ColumnValues.text(columns.get("subject")),
                flag(table, signature, columns.get("active")),
                ColumnValues.text(columns.get("challenge_id")),
                number(table, signature, LegacyTable.TANDEM_DELETED, columns.get(LegacyTable.TANDEM_DELETED)) != 0,
                number(table, signature, LegacyTable.TANDEM_VERSION, columns.get(LegacyTable.TANDEM_VERSION)));
    }

    private static Instant instant(LegacyTable table, String signature, Object value) {
        try {
            return ColumnValues.instant("requested_at", value);
        } catch (IllegalArgumentException e) {
            throw new LegacyRowException(table, signature, e.getMessage());
        }
    }

    private static boolean flag(LegacyTable table, String signature, Object value) {
        if (value == null) {
            return true; // the column's default
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return number(table, signature, "active", value) != 0;
    }

    private static long number(LegacyTable table, String signature, String column, Object value) {
        try {
            return ColumnValues.number(column, value);
        } catch (IllegalArgumentException e) {
            throw new LegacyRowException(table, signature, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LegacyRow[" + table.tableName() + " " + signature + " v" + tandemVersion + (tandemDeleted ? " deleted" : "") + " request_id=" + requestId
                + " requested_at=" + requestedAt + " client_id=" + clientId + " subject=" + subject + " active=" + active
                + " granted_scope=" + grantedScope + " form_data=(" + length(formData) + " chars) session_data=("
                + length(sessionData) + " chars)]";
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }
}
