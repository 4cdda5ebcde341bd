package dev.tandem.legacy;

import dev.tandem.legacy.schema.LegacyTable;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The store's SQL, built once per table. Plain MariaDB SQL, as the old server speaks it. */
final class LegacySql {
    /**
     * Every statement that reads or writes {@code requested_at} runs in UTC whatever the session's
     * zone: the pool is given to us, so we cannot set the session up, and a TIMESTAMP travels as
     * wall-clock time of the session zone (ambiguous in DST overlaps).
     */
    static final String IN_UTC = "SET STATEMENT time_zone = '+00:00' FOR ";
    static final String SOURCE_TABLE = "source_table";
    private static final String COLUMNS = String.join(", ", LegacyTable.COLUMNS);

    /**
     * Tandem's conditional merge, {@code TokenRecord.mergedWith} in SQL. The fields Tandem owns take
     * the incoming value only when its version is newer (the tombstone mark among them); revocation is sticky (LEAST of active); what
     * the old server keeps beside them (requested scope, audiences, challenge id, other form
     * parameters, other session keys) is left as it is. MariaDB evaluates these assignments left to
     * right, each seeing the columns already assigned: tandem_version must stay LAST, or the
     * comparisons after it would see the new version.
     */
    private static final String MERGE = """
             ON DUPLICATE KEY UPDATE
              request_id = IF(VALUES(tandem_version) > tandem_version, VALUES(request_id), request_id),
              requested_at = IF(VALUES(tandem_version) > tandem_version, VALUES(requested_at), requested_at),
              client_id = IF(VALUES(tandem_version) > tandem_version, VALUES(client_id), client_id),
              granted_scope = IF(VALUES(tandem_version) > tandem_version, VALUES(granted_scope), granted_scope),
              form_data = IF(VALUES(tandem_version) > tandem_version,
                TRIM(BOTH '&' FROM CONCAT_WS('&',
                  NULLIF(REGEXP_REPLACE(form_data, '(^|&)code_challenge(_method)?=[^&]*', ''), ''),
                  NULLIF(VALUES(form_data), ''))),
                form_data),
              session_data = IF(VALUES(tandem_version) > tandem_version,
                IF(JSON_VALID(session_data) AND JSON_TYPE(session_data) = 'OBJECT',
                  JSON_SET(session_data,
                    '$.expires_at', JSON_MERGE_PATCH(COALESCE(JSON_QUERY(session_data, '$.expires_at'), '{}'),
                                                     JSON_QUERY(VALUES(session_data), '$.expires_at')),
                    '$.subject', VALUES(subject)),
                  VALUES(session_data)),
                session_data),
              subject = IF(VALUES(tandem_version) > tandem_version, VALUES(subject), subject),
              tandem_deleted = IF(VALUES(tandem_version) > tandem_version, VALUES(tandem_deleted), tandem_deleted),
              active = LEAST(active, VALUES(active)),
              tandem_version = GREATEST(tandem_version, VALUES(tandem_version))""";

    private static final Map<LegacyTable, String> UPSERT = perTable(LegacySql::buildUpsert);

    static final String SELECT_BY_ID = IN_UTC + Arrays.stream(LegacyTable.values())
            .map(table -> select(table) + " WHERE signature = ?")
            .collect(Collectors.joining(" UNION ALL "));

    /** Every row of one refresh chain (the old server's {@code request_id}) in the three tables. Parameters: the id, three times. */
    static final String SELECT_BY_FAMILY = IN_UTC + Arrays.stream(LegacyTable.values())
            .map(table -> select(table) + " WHERE request_id = ?")
            .collect(Collectors.joining(" UNION ALL ")) + " ORDER BY signature";

    /**
     * Keyset page over the three tables: each table gives its first {@code limit} rows after the id
     * (an index range scan on the primary key), and the union is cut to the first {@code limit}.
     * Parameters: afterId, limit, three times, then limit.
     */
    static final String SCAN = IN_UTC + "SELECT * FROM ("
            + Arrays.stream(LegacyTable.values())
            .map(table -> "(" + select(table) + " WHERE signature > ? ORDER BY signature LIMIT ?)")
            .collect(Collectors.joining(" UNION ALL "))
            + ") AS candidates ORDER BY signature, " + SOURCE_TABLE + " LIMIT ?";

    private LegacySql() {
    }

    /**
     * Inserts the row, or merges it into the stored one; writes nothing when the id is in one of the
     * other tables (a token's kind never changes). Parameters: the 14 columns, then the signature twice.
     */
    static String upsert(LegacyTable table) {
        return UPSERT.get(table);
    }

    /** Revokes one token; the version stays (a revocation carries none). Parameter: signature. */
    static String revoke(LegacyTable table) {
        return "UPDATE " + table.tableName() + " SET active = 0 WHERE signature = ?";
    }

    /**
     * Consumes one live, usable token: a compare-and-set on the flag, so that of two concurrent
     * consumes exactly one changes the row (row count 1). Parameter: signature.
     */
    static String consume(LegacyTable table) {
        return "UPDATE " + table.tableName() + " SET active = 0 WHERE signature = ? AND active = 1 AND tandem_deleted = 0";
    }

    /** Revokes the family's usable tokens; every matched row changes, so the row count is exact. Parameter: family. */
    static String revokeFamily(LegacyTable table) {
        return "UPDATE " + table.tableName() + " SET active = 0 WHERE request_id = ? AND active = 1";
    }

    /**
     * Turns one live token into its tombstone at the delete's version, unless it holds a newer
     * version; a tombstone stays as it is (so a replay changes nothing). Parameters: version,
     * signature, version.
     */
    static String delete(LegacyTable table) {
        return "UPDATE " + table.tableName() + " SET tandem_deleted = 1, tandem_version = ?"
                + " WHERE signature = ? AND tandem_version <= ? AND tandem_deleted = 0";
    }

    /**
     * A page of tombstones in signature order, read without locks (a consistent read), for the purge
     * to pick the expired ones from: the expiry lives in {@code session_data}, which no index covers.
     * Parameters: afterSignature, limit.
     */
    static String tombstones(LegacyTable table) {
        return IN_UTC + select(table) + " WHERE tandem_deleted = 1 AND signature > ? ORDER BY signature LIMIT ?";
    }

    /**
     * Removes one tombstone by its primary key, only if it still is the tombstone the purge read.
     * Parameters: signature, version.
     */
    static String purge(LegacyTable table) {
        return "DELETE FROM " + table.tableName() + " WHERE signature = ? AND tandem_deleted = 1 AND tandem_version = ?";
    }

    private static String buildUpsert(LegacyTable table) {
        String placeholders = String.join(", ", Collections.nCopies(LegacyTable.COLUMNS.size(), "?"));
        String elsewhere = Arrays.stream(LegacyTable.values())
                .filter(other -> other != table)
                .map(other -> "NOT EXISTS (SELECT 1 FROM " + other.tableName() + " WHERE signature = ?)")
                .collect(Collectors.joining(" AND "));
        return IN_UTC + "INSERT INTO " + table.tableName() + " (" + COLUMNS + ")"
                + " SELECT " + placeholders + " FROM DUAL WHERE " + elsewhere + MERGE;
    }

    private static String select(LegacyTable table) {
        return "SELECT '" + table.tableName() + "' AS " + SOURCE_TABLE + ", " + COLUMNS + " FROM " + table.tableName();
    }

    private static Map<LegacyTable, String> perTable(java.util.function.Function<LegacyTable, String> sql) {
        Map<LegacyTable, String> statements = new EnumMap<>(LegacyTable.class);
        for (LegacyTable table : LegacyTable.values()) {
            statements.put(table, sql.apply(table));
        }
        return Collections.unmodifiableMap(statements);
    }
}
