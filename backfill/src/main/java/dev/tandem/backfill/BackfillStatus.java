package dev.tandem.backfill;

import java.time.Instant;

/**
 * Where a backfill stands, as its checkpoint says, plus the running instance's view of its rate.
 * Plain values: renders as JSON field by field. Counters count legacy rows; every scanned row is
 * exactly one of copied, skipped-expired, skipped-expiring or skipped-newer-in-engine.
 *
 * @param state                    null when no backfill was ever started
 * @param rowsScanned              legacy rows dealt with so far
 * @param rowsCopied               rows the engine took (new to it, or newer than what it held)
 * @param rowsSkippedExpired       rows already expired: never copied
 * @param rowsSkippedExpiring      rows expiring within the horizon: not copied
 * @param rowsSkippedNewerInEngine rows the engine already held in the same or a newer version
 * @param estimatedTotalRows       the legacy tables' size as the server estimates it (InnoDB statistics)
 * @param rowsPerSecond            recent rate of rows scanned
 * @param effectiveRowsPerSecond   the limit in force now (the setting, or less while the checker lags); 0 for none
 * @param throttledBecause         why the limit in force is below the setting, with the numbers (e.g. {@code throttled
 *                                 to 2,500 rows/s: checker lag 8.2 s > 5 s, rising}); null when it is not, or when
 *                                 another instance runs the job
 * @param etaSeconds               time left at the recent rate; null when unknown
 * @param lastId                   the checkpoint: the greatest legacy id dealt with
 * @param liveOnlyInLegacy         live tokens skipped as expiring that the engine did not hold when scanned;
 *                                 0 once {@code lastLegacyOnlyExpiry} has passed
 * @param lastLegacyOnlyExpiry     when the last of those expires
 * @param owner                    the instance that holds the job
 * @param leaseUntil               until when it holds it without renewal
 * @param settings                 how the job runs
 */
public record BackfillStatus(
        BackfillState state,
        long rowsScanned,
        long rowsCopied,
        long rowsSkippedExpired,
        long rowsSkippedExpiring,
        long rowsSkippedNewerInEngine,
        long estimatedTotalRows,
        double rowsPerSecond,
        long effectiveRowsPerSecond,
        String throttledBecause,
        Long etaSeconds,
        String lastId,
        long liveOnlyInLegacy,
        Instant lastLegacyOnlyExpiry,
        String owner,
        Instant leaseUntil,
        BackfillSettings settings,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String error) {

    /** The status of a backfill that was never started. */
    public static BackfillStatus never() {
        return new BackfillStatus(null, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0, null, null, null, null,
                null, null, null, null);
    }

    public boolean isDone() {
        return state == BackfillState.DONE;
    }
}
