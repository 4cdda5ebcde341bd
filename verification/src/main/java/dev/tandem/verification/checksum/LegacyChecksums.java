package dev.tandem.verification.checksum;

import dev.tandem.legacy.schema.LegacyTable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The chunk checksum of the legacy store, computed in MariaDB from the old server's columns. It
 * must equal {@link EngineChecksums}' for equal canonical records; the canonical text of a row is
 * described in {@link CanonicalText}. Where SQL cannot tell what Java's mapping would make of a
 * value, the text gets a marker ({@code x}) the engine side never produces, so that the chunk is
 * compared record by record instead of passing unchecked:
 * <ul>
 *   <li>an expiry that is not {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)};</li>
 *   <li>a PKCE challenge or method with {@code %} or {@code +} in it (form encoding, which MariaDB
 *       cannot decode);</li>
 *   <li>more than {@value CanonicalText#MAX_SQL_SCOPES} space-separated parts in {@code granted_scope}.</li>
 * </ul>
 */
public final class LegacyChecksums {
    private static final Map<LegacyTable, String[]> SQL = new EnumMap<>(LegacyTable.class);

    static {
        for (LegacyTable table : LegacyTable.values()) {
            SQL.put(table, new String[] {build(table, false), build(table, true)});
        }
    }

    private LegacyChecksums() {
    }

    /** Rows and hash sum of the three tables over {@code range}, of the tokens live after {@code liveAfter} (epoch seconds). */
    public static ChunkChecksum compute(Connection connection, KeyRange range, long liveAfter) throws SQLException {
        ChunkChecksum total = ChunkChecksum.EMPTY;
        for (LegacyTable table : LegacyTable.values()) {
            String sql = SQL.get(table)[range.upper() == null ? 0 : 1];
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, range.lower());
                if (range.upper() != null) {
                    statement.setString(2, range.upper());
                }
                statement.setLong(range.upper() == null ? 2 : 3, liveAfter);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    BigDecimal sum = rows.getBigDecimal(2);
                    total = total.plus(new ChunkChecksum(rows.getLong(1), sum.toBigIntegerExact()));
                }
            }
        }
        return total;
    }

    /** The statement for one table; visible for tests and for the curious operator. */
    public static String sql(LegacyTable table, boolean bounded) {
        return SQL.get(table)[bounded ? 1 : 0];
    }

    private static String build(LegacyTable table, boolean bounded) {
        String formData = "CONCAT('&', form_data, '&')";
        // The derived table is materialized (LIMIT keeps MariaDB from merging it), so that the JSON
        // and the form data are parsed once per row, not once per use in the outer expressions.
        String inner = "SELECT signature, client_id, subject, UNIX_TIMESTAMP(requested_at) AS issued,"
                + " JSON_VALUE(session_data, '$.expires_at." + table.expiresAtKey() + "') AS e,"
                + " active, request_id, tandem_version, tandem_deleted,"
                + " IF(LOCATE('code_challenge', form_data) = 0, NULL, REGEXP_SUBSTR(" + formData + ", '&code_challenge(=[^&]*)?&')) AS c,"
                + " IF(LOCATE('code_challenge_method', form_data) = 0, NULL, REGEXP_SUBSTR(" + formData
                + ", '&code_challenge_method(=[^&]*)?&')) AS m,"
                // Java splits on \s+: tab, newline, vertical tab, form feed and carriage return count as spaces.
                + " REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(granted_scope, '\\t', ' '), '\\n', ' '), '\\r', ' '),"
                + " CHAR(11), ' '), CHAR(12), ' ') AS g"
                + " FROM " + table.tableName()
                + " WHERE signature >= ?" + (bounded ? " AND signature < ?" : "")
                + " LIMIT 18446744073709551615";
        String parts = "t.parts";
        String expirySeconds = "IF(t.e REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$',"
                + " TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', CAST(LEFT(t.e, 19) AS DATETIME))"
                + " - IF(RIGHT(t.e, 1) = 'Z', 0, IF(SUBSTR(t.e, -6, 1) = '-', -1, 1)"
                + " * (SUBSTR(t.e, -5, 2) * 3600 + SUBSTR(t.e, -2, 2) * 60)), NULL)";
        String expiry = "COALESCE(" + expirySeconds + ", 'x')";
        // '&code_challenge=' is 16 characters, '&code_challenge_method=' 23; an empty value is no value.
        String challenge = "SUBSTRING(t.c, 17, CHAR_LENGTH(t.c) - 17)";
        String method = "IF(t.m IS NULL OR CHAR_LENGTH(t.m) <= 24, 'plain', SUBSTRING(t.m, 24, CHAR_LENGTH(t.m) - 24))";
        String pkce = "IF(t.c IS NULL OR CHAR_LENGTH(t.c) <= 17, 'n',"
                + " IF(" + challenge + " REGEXP '[%+]' OR " + method + " REGEXP '[%+]', 'x',"
                + " CONCAT('v', CHAR_LENGTH(" + challenge + "), ':', " + challenge + ", '|', " + method + ")))";
        StringJoiner text = new StringJoiner(", ", "CONCAT_WS('|', ", ")");
        text.add("'" + table.kind().wireName() + "'")
                .add(sized("t.signature"))
                .add(sized("t.client_id"))
                .add(sized("t.subject"))
                .add("t.issued")
                .add(expiry)
                .add("IF(t.active = 0, 1, 0)")
                .add(sized("t.request_id"))
                .add(pkce)
                .add("IF(" + parts + " > " + CanonicalText.MAX_SQL_SCOPES + ", 'x', '')")
                .add("t.tandem_version")
                .add("IF(t.tandem_deleted = 0, 0, 1)");
        StringBuilder hash = new StringBuilder(hash(text.toString()));
        for (int i = 1; i <= CanonicalText.MAX_SQL_SCOPES; i++) {
            String part = "SUBSTRING_INDEX(SUBSTRING_INDEX(t.g, ' ', " + i + "), ' ', -1)";
            hash.append(" + IF(").append(parts).append(" < ").append(i).append(", 0, IF(").append(part)
                    .append(" = '', 0, ").append(hash("CONCAT(" + sized("t.signature") + ", '|', " + part + ")")).append("))");
        }
        // One more materialized level counts the scope parts once per row rather than once per use.
        String counted = "SELECT n.*, 1 + CHAR_LENGTH(n.g) - CHAR_LENGTH(REPLACE(n.g, ' ', '')) AS parts FROM (" + inner
                + ") n LIMIT 18446744073709551615";
        // Expired tokens are compared by no one: the backfill does not copy them. An unreadable expiry
        // stays in, to be compared record by record.
        return "SELECT COUNT(*), COALESCE(SUM(" + hash + "), 0) FROM (" + counted + ") t"
                + " WHERE " + expirySeconds + " IS NULL OR " + expirySeconds + " > ?";
    }

    /** The first 60 bits of the MD5 of {@code text}, as an unsigned number (PostgreSQL computes the same). */
    private static String hash(String text) {
        return "CAST(CONV(LEFT(MD5(" + text + "), 15), 16, 10) AS UNSIGNED)";
    }

    private static String sized(String column) {
        return "CONCAT(CHAR_LENGTH(" + column + "), ':', " + column + ")";
    }
}
