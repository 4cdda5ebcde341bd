package dev.tandem.verification.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.verification.Difference;
import dev.tandem.verification.DifferenceKind;
import dev.tandem.verification.EntityKind;
import dev.tandem.verification.VerificationState;
import dev.tandem.verification.VerificationStatus;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verification tables of the engine database (db/verification): runs, chunks, differences. The
 * clients' comparison is the chunk {@value #CLIENTS_CHUNK}: counted in the differences, not in the
 * chunks done nor the rows (token ids) compared.
 */
public final class RunRepository {
    /** The chunk number of a run's comparison of every client. */
    public static final int CLIENTS_CHUNK = -1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> RECORD = new TypeReference<>() {
    };
    private static final String STATUS = """
            SELECT r.run_id, r.state, r.phase, r.started_at, r.finished_at, r.chunk_count, r.owner, r.error,
                   coalesce(c.chunks, 0) AS chunks, coalesce(c.rows_compared, 0) AS rows_compared,
                   coalesce(c.differences, 0) AS differences, now() AS now, (%s) AS active
            FROM verification_run r
            LEFT JOIN (SELECT run_id, count(*) FILTER (WHERE chunk_no >= 0) AS chunks, sum(rows_compared) FILTER (WHERE chunk_no >= 0) AS rows_compared, sum(differences) AS differences
                       FROM verification_chunk GROUP BY run_id) c ON c.run_id = r.run_id
            """.formatted(RunLock.HELD);

    private RunRepository() {
    }

    /** The run in state RUNNING, if any (there is at most one). */
    public static Optional<RunRow> running(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT run_id, phase, chunk_count FROM verification_run WHERE state = 'RUNNING'");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(new RunRow(rows.getLong(1), rows.getString(2), rows.getInt(3))) : Optional.empty();
        }
    }

    public static long create(Connection connection, String phase, int chunkCount, String owner) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO verification_run (phase, state, chunk_count, owner) VALUES (?, 'RUNNING', ?, ?) RETURNING run_id")) {
            statement.setString(1, phase);
            statement.setInt(2, chunkCount);
            statement.setString(3, owner);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public static void takeOver(Connection connection, long runId, String owner) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE verification_run SET owner = ? WHERE run_id = ?")) {
            statement.setString(1, owner);
            statement.setLong(2, runId);
            statement.executeUpdate();
        }
    }

    /** Ends a RUNNING run as DONE or FAILED; a run that already ended stays as it is. */
    public static void finish(Connection connection, long runId, VerificationState state, String error) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE verification_run SET state = ?, finished_at = now(), error = ? WHERE run_id = ? AND state = 'RUNNING'")) {
            statement.setString(1, state.name());
            statement.setString(2, error);
            statement.setLong(3, runId);
            statement.executeUpdate();
        }
    }

    public static Set<Integer> doneChunks(Connection connection, long runId) throws SQLException {
        Set<Integer> done = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT chunk_no FROM verification_chunk WHERE run_id = ?")) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    done.add(rows.getInt(1));
                }
            }
        }
        return done;
    }

    /**
     * Writes a chunk and its differences in one transaction, so that after a crash a chunk is
     * either done with all its differences or to do again. A chunk written twice (two processes
     * cannot, but a retried commit might) keeps the first result.
     */
    public static void recordChunk(Connection connection, long runId, ChunkResult chunk, String owner) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO verification_chunk (run_id, chunk_no, legacy_rows, engine_rows, legacy_checksum, engine_checksum,
                        rows_compared, compared_records, differences, millis, done_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                statement.setLong(1, runId);
                statement.setInt(2, chunk.chunkNo());
                statement.setLong(3, chunk.legacy().rows());
                statement.setLong(4, chunk.engine().rows());
                statement.setBigDecimal(5, new BigDecimal(chunk.legacy().sum()));
                statement.setBigDecimal(6, new BigDecimal(chunk.engine().sum()));
                statement.setLong(7, chunk.rowsCompared());
                statement.setBoolean(8, chunk.comparedRecords());
                statement.setInt(9, chunk.differences().size());
                statement.setInt(10, (int) Math.min(Integer.MAX_VALUE, chunk.millis()));
                statement.setString(11, owner);
                statement.executeUpdate();
            }
            if (!chunk.differences().isEmpty()) {
                try (PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO verification_difference (run_id, token_id, kind, fields, legacy, engine, detail, entity)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING""")) {
                    for (Difference difference : chunk.differences()) {
                        statement.setLong(1, runId);
                        statement.setString(2, difference.id());
                        statement.setString(3, difference.kind().wireName());
                        statement.setArray(4, connection.createArrayOf("text", difference.fields().toArray()));
                        setJson(statement, 5, difference.legacy());
                        setJson(statement, 6, difference.engine());
                        statement.setString(7, difference.detail());
                        statement.setString(8, difference.entity().wireName());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    public static Optional<VerificationStatus> status(Connection connection, long runId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS + " WHERE r.run_id = ?")) {
            statement.setLong(1, runId);
            return status(statement);
        }
    }

    public static Optional<VerificationStatus> latest(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS + " ORDER BY r.run_id DESC LIMIT 1")) {
            return status(statement);
        }
    }

    public static List<Difference> differences(Connection connection, long runId) throws SQLException {
        List<Difference> differences = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT token_id, kind, fields, legacy::text, engine::text, detail, entity FROM verification_difference"
                        + " WHERE run_id = ? ORDER BY entity DESC, token_id")) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Array fields = rows.getArray(3);
                    differences.add(new Difference(EntityKind.fromWireName(rows.getString(7)),
                            rows.getString(1), DifferenceKind.fromWireName(rows.getString(2)),
                            Arrays.stream((Object[]) fields.getArray()).map(String::valueOf).toList(),
                            readJson(rows.getString(4)), readJson(rows.getString(5)), rows.getString(6)));
                }
            }
        }
        return differences;
    }

    /** The larger of both stores' row estimates (table statistics: no count over a million rows). */
    public static long estimatedEngineRows(Connection engine) throws SQLException {
        try (PreparedStatement statement = engine.prepareStatement(
                "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'oauth_token'::regclass");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    public static long estimatedLegacyRows(Connection legacy) throws SQLException {
        try (PreparedStatement statement = legacy.prepareStatement(
                "SELECT COALESCE(SUM(TABLE_ROWS), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME IN ('hydra_oauth2_access', 'hydra_oauth2_refresh', 'hydra_oauth2_code')");
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static Optional<VerificationStatus> status(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            VerificationState state = VerificationState.valueOf(rows.getString("state"));
            Instant startedAt = instant(rows, "started_at");
            Instant finishedAt = instant(rows, "finished_at");
            Instant now = instant(rows, "now");
            long compared = rows.getLong("rows_compared");
            Duration elapsed = Duration.between(startedAt, finishedAt == null ? now : finishedAt);
            double seconds = Math.max(elapsed.toNanos() / 1e9, 0.001);
            return Optional.of(new VerificationStatus(rows.getLong("run_id"), state, rows.getString("phase"), startedAt,
                    finishedAt, compared, rows.getInt("chunks"), rows.getInt("chunk_count"), compared / seconds,
                    rows.getLong("differences"), state == VerificationState.RUNNING && rows.getBoolean("active"),
                    rows.getString("owner"), rows.getString("error")));
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static void setJson(PreparedStatement statement, int index, Map<String, Object> value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
            return;
        }
        try {
            statement.setString(index, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical records always render", e);
        }
    }

    private static Map<String, Object> readJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, RECORD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verification_difference holds JSON that does not parse", e);
        }
    }

    /** A run as the runner needs it. */
    public record RunRow(long runId, String phase, int chunkCount) {
    }

}
