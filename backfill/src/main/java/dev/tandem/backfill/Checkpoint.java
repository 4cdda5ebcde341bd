package dev.tandem.backfill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The backfill's row in {@code backfill_checkpoint} (engine database, migration V3): progress,
 * counters, state, settings and the lease. Plain JDBC on the caller's connection and transaction,
 * so that a chunk's rows and its checkpoint commit together. Lease times are the database's
 * ({@code now()}), so that instances with skewed clocks agree on who holds the job.
 */
final class Checkpoint {
    private static final String SELECT = "SELECT *, lease_until > now() AS lease_valid, now() AS db_now"
            + " FROM backfill_checkpoint WHERE name = ?";

    private Checkpoint() {
    }

    /** The checkpoint as stored. */
    record Row(BackfillState state, String lastId, long rowsScanned, long rowsCopied, long rowsSkippedExpired,
               long rowsSkippedExpiring, long rowsSkippedNewer, long liveOnlyInLegacy, Instant lastLegacyOnlyExpiry,
               long estimatedTotalRows, double recentRowsPerSecond, BackfillSettings settings, String owner,
               Instant leaseUntil, boolean leaseValid, Instant startedAt, Instant updatedAt, Instant finishedAt,
               String error, Instant databaseNow) {

        /** Whether {@code owner} may run the job now: it holds the lease, or nobody validly does. */
        boolean claimableBy(String candidate) {
            return owner == null || !leaseValid || owner.equals(candidate);
        }
    }

    /** What one chunk adds to the counters. */
    record Progress(String lastId, long scanned, long copied, long skippedExpired, long skippedExpiring,
                    long skippedNewer, long liveOnlyInLegacy, Instant lastLegacyOnlyExpiry, double recentRate,
                    boolean done) {
    }

    static Optional<Row> load(Connection connection, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(forUpdate ? SELECT + " FOR UPDATE" : SELECT)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                BackfillSettings settings = new BackfillSettings(rows.getInt("chunk_size"),
                        rows.getInt("rows_per_second_limit"), rows.getLong("expiry_horizon_seconds"),
                        rows.getLong("lag_threshold_ms"), rows.getInt("lease_seconds"));
                return Optional.of(new Row(BackfillState.valueOf(rows.getString("state")), rows.getString("last_id"),
                        rows.getLong("rows_scanned"), rows.getLong("rows_copied"), rows.getLong("rows_skipped_expired"),
                        rows.getLong("rows_skipped_expiring"), rows.getLong("rows_skipped_newer"),
                        rows.getLong("live_only_in_legacy"), instant(rows, "last_legacy_only_expiry"),
                        rows.getLong("estimated_total_rows"), rows.getDouble("rows_per_second_recent"), settings,
                        rows.getString("owner"), instant(rows, "lease_until"), rows.getBoolean("lease_valid"),
                        instant(rows, "started_at"), instant(rows, "updated_at"), instant(rows, "finished_at"),
                        rows.getString("error"), instant(rows, "db_now")));
            }
        }
    }

    /** A fresh job, RUNNING from the first id, held by {@code owner}; replaces whatever was there (a restart). */
    static void begin(Connection connection, String name, BackfillSettings settings, String owner, long estimatedRows)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                INSERT INTO backfill_checkpoint (name, state, last_id, chunk_size, rows_per_second_limit,
                    expiry_horizon_seconds, lag_threshold_ms, lease_seconds, owner, lease_until, estimated_total_rows,
                    started_at, updated_at)
                VALUES (?, 'RUNNING', NULL, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), ?, now(), now())
                ON CONFLICT (name) DO UPDATE SET state = 'RUNNING', last_id = NULL, rows_scanned = 0, rows_copied = 0,
                    rows_skipped_expired = 0, rows_skipped_expiring = 0, rows_skipped_newer = 0,
                    live_only_in_legacy = 0, last_legacy_only_expiry = NULL, rows_per_second_recent = 0,
                    chunk_size = EXCLUDED.chunk_size, rows_per_second_limit = EXCLUDED.rows_per_second_limit,
                    expiry_horizon_seconds = EXCLUDED.expiry_horizon_seconds,
                    lag_threshold_ms = EXCLUDED.lag_threshold_ms, lease_seconds = EXCLUDED.lease_seconds,
                    owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until,
                    estimated_total_rows = EXCLUDED.estimated_total_rows, started_at = now(), updated_at = now(),
                    finished_at = NULL, error = NULL""")) {
            int i = 1;
            update.setString(i++, name);
            update.setInt(i++, settings.chunkSize());
            update.setInt(i++, settings.rowsPerSecond());
            update.setLong(i++, settings.expiryHorizonSeconds());
            update.setLong(i++, settings.lagThresholdMs());
            update.setInt(i++, settings.leaseSeconds());
            update.setString(i++, owner);
            update.setInt(i++, settings.leaseSeconds());
            update.setLong(i, estimatedRows);
            update.executeUpdate();
        }
    }

    /** Moves the job to {@code state} and gives it to {@code owner} (null: leaves the owner and lease as they are). */
    static void moveTo(Connection connection, String name, BackfillState state, String owner) throws SQLException {
        String sql = owner == null
                ? "UPDATE backfill_checkpoint SET state = ?, updated_at = now() WHERE name = ?"
                : "UPDATE backfill_checkpoint SET state = ?, updated_at = now(), error = NULL, owner = ?,"
                + " lease_until = now() + make_interval(secs => lease_seconds) WHERE name = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, state.name());
            if (owner == null) {
                update.setString(2, name);
            } else {
                update.setString(2, owner);
                update.setString(3, name);
            }
            update.executeUpdate();
        }
    }

    /** Renews {@code owner}'s lease; answers false when it no longer holds the job. */
    static boolean renew(Connection connection, String name, String owner) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint"
                + " SET lease_until = now() + make_interval(secs => lease_seconds) WHERE name = ? AND owner = ?")) {
            update.setString(1, name);
            update.setString(2, owner);
            return update.executeUpdate() == 1;
        }
    }

    /** Lets go of the lease at once, so that another instance need not wait for it to run out. */
    static void release(Connection connection, String name, String owner) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint"
                + " SET lease_until = now() WHERE name = ? AND owner = ?")) {
            update.setString(1, name);
            update.setString(2, owner);
            update.executeUpdate();
        }
    }

    static void setRate(Connection connection, String name, int rowsPerSecond) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint"
                + " SET rows_per_second_limit = ?, updated_at = now() WHERE name = ?")) {
            update.setInt(1, rowsPerSecond);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    /** Marks the job FAILED with {@code error} and releases the lease, so that any instance may resume it. */
    static void fail(Connection connection, String name, String owner, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE backfill_checkpoint SET state = 'FAILED',"
                + " error = ?, updated_at = now(), lease_until = now() WHERE name = ? AND owner = ?")) {
            update.setString(1, error);
            update.setString(2, name);
            update.setString(3, owner);
            update.executeUpdate();
        }
    }

    /** Adds one chunk's progress and renews the lease; DONE with the last chunk. */
    static void advance(Connection connection, String name, Progress progress) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE backfill_checkpoint SET last_id = COALESCE(?, last_id), rows_scanned = rows_scanned + ?,
                    rows_copied = rows_copied + ?, rows_skipped_expired = rows_skipped_expired + ?,
                    rows_skipped_expiring = rows_skipped_expiring + ?, rows_skipped_newer = rows_skipped_newer + ?,
                    live_only_in_legacy = live_only_in_legacy + ?,
                    last_legacy_only_expiry = GREATEST(last_legacy_only_expiry, ?),
                    rows_per_second_recent = ?, updated_at = now(),
                    lease_until = now() + make_interval(secs => lease_seconds),
                    state = CASE WHEN ? THEN 'DONE' ELSE state END,
                    finished_at = CASE WHEN ? THEN now() ELSE finished_at END
                WHERE name = ?""")) {
            int i = 1;
            update.setString(i++, progress.lastId());
            update.setLong(i++, progress.scanned());
            update.setLong(i++, progress.copied());
            update.setLong(i++, progress.skippedExpired());
            update.setLong(i++, progress.skippedExpiring());
            update.setLong(i++, progress.skippedNewer());
            update.setLong(i++, progress.liveOnlyInLegacy());
            if (progress.lastLegacyOnlyExpiry() == null) {
                update.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                update.setObject(i++, OffsetDateTime.ofInstant(progress.lastLegacyOnlyExpiry(), ZoneOffset.UTC));
            }
            update.setDouble(i++, progress.recentRate());
            update.setBoolean(i++, progress.done());
            update.setBoolean(i++, progress.done());
            update.setString(i, name);
            update.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
