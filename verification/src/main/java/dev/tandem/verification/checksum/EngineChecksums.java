package dev.tandem.verification.checksum;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The chunk checksum of the engine store, computed in PostgreSQL; see {@link CanonicalText}. */
public final class EngineChecksums {
    private static final String ROW_TEXT = "concat_ws('|', kind, " + sized("id") + ", " + sized("client_id") + ", "
            + sized("coalesce(subject, '')") + ", floor(extract(epoch FROM issued_at))::bigint, "
            + "floor(extract(epoch FROM expires_at))::bigint, CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, "
            + sized("coalesce(family_id, '')") + ", "
            + "CASE WHEN code_challenge IS NULL THEN 'n' ELSE 'v' || " + sized("code_challenge")
            + " || '|' || code_challenge_method END, '', version, CASE WHEN deleted THEN 1 ELSE 0 END)";
    private static final String HASHES = "SELECT " + hash(ROW_TEXT) + "::numeric"
            + " + coalesce((SELECT sum(" + hash(sized("t.id") + " || '|' || s") + ") FROM unnest(t.scopes) s WHERE s <> ''), 0) AS h"
            + " FROM oauth_token t WHERE floor(extract(epoch FROM t.expires_at)) > ? AND t.id >= ?";
    private static final String OPEN = "SELECT count(*), coalesce(sum(h), 0) FROM (" + HASHES + ") x";
    private static final String BOUNDED = "SELECT count(*), coalesce(sum(h), 0) FROM (" + HASHES + " AND t.id < ?) x";

    private EngineChecksums() {
    }

    /** Rows and hash sum over {@code range}, of the tokens live after {@code liveAfter} (epoch seconds). */
    public static ChunkChecksum compute(Connection connection, KeyRange range, long liveAfter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(range.upper() == null ? OPEN : BOUNDED)) {
            statement.setLong(1, liveAfter);
            statement.setString(2, range.lower());
            if (range.upper() != null) {
                statement.setString(3, range.upper());
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                BigDecimal sum = rows.getBigDecimal(2);
                return new ChunkChecksum(rows.getLong(1), sum.toBigIntegerExact());
            }
        }
    }

    public static String sql(boolean bounded) {
        return bounded ? BOUNDED : OPEN;
    }

    /** The first 60 bits of the MD5 of {@code text}: 'x0' pads them to a positive bigint. */
    private static String hash(String text) {
        return "('x0' || substr(md5(" + text + "), 1, 15))::bit(64)::bigint";
    }

    private static String sized(String column) {
        return "(length(" + column + ") || ':' || " + column + ")";
    }
}
