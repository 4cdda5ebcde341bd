package dev.tandem.verification;

import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Test set-up, not a migration path: copies every legacy row into an empty engine
 * table through the canonical mapping, with PostgreSQL's COPY, so that verification has a million
 * equal rows to compare in seconds. (The backfill is the real copy: conditional, throttled, resumable.)
 */
final class EngineCopy {
    private static final int FLUSH_BYTES = 1 << 20;

    private EngineCopy() {
    }

    /** Copies every row; answers how many. Rows legacy cannot map fail the copy, naming the row. */
    static long copy(ConnectionSource legacy, ConnectionSource engine) throws SQLException {
        long copied = 0;
        try (Connection from = legacy.open(); Connection to = engine.open()) {
            for (LegacyTable table : LegacyTable.values()) {
                copied += copyTable(from, to, table);
            }
        }
        return copied;
    }

    private static long copyTable(Connection from, Connection to, LegacyTable table) throws SQLException {
        String sql = "SELECT " + String.join(", ", LegacyTable.COLUMNS).replace("requested_at",
                "UNIX_TIMESTAMP(requested_at) * 1000 AS requested_at") + " FROM " + table.tableName();
        CopyIn copy = to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY oauth_token (id, kind, client_id, subject, scopes,"
                + " issued_at, expires_at, revoked_at, family_id, code_challenge, code_challenge_method, version) FROM STDIN");
        long rows = 0;
        try (PreparedStatement statement = from.prepareStatement(sql)) {
            statement.setFetchSize(5_000);
            StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4_096);
            try (ResultSet result = statement.executeQuery()) {
                Map<String, Object> columns = new HashMap<>();
                while (result.next()) {
                    for (String column : LegacyTable.COLUMNS) {
                        columns.put(column, result.getObject(column));
                    }
                    append(buffer, LegacyMapping.toCanonical(LegacyRow.fromColumns(table, columns)));
                    rows++;
                    if (buffer.length() >= FLUSH_BYTES) {
                        write(copy, buffer);
                    }
                }
            }
            write(copy, buffer);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return rows;
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private static void append(StringBuilder line, TokenRecord record) {
        field(line, record.id());
        field(line, record.kind().wireName());
        field(line, record.clientId());
        field(line, record.subject());
        StringBuilder array = new StringBuilder("{");
        for (String scope : record.scopes()) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append('"').append(scope.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        field(line, array.append('}').toString());
        field(line, record.issuedAt().toString());
        field(line, record.expiresAt().toString());
        field(line, record.revokedAt() == null ? null : record.revokedAt().toString());
        field(line, record.familyId());
        field(line, record.codeChallenge());
        field(line, record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName());
        field(line, Long.toString(record.version()));
        line.setCharAt(line.length() - 1, '\n');
    }

    /** One field of COPY's text format, tab-terminated; null is {@code \N}. */
    private static void field(StringBuilder line, String value) {
        if (value == null) {
            line.append("\\N\t");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        line.append('\t');
    }
}
