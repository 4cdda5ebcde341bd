package dev.tandem.backfill;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The backfill's brake: a rows-per-second limit (settable while running) and a response to the
 * checker's lag. While the lag is above its threshold the rate halves, at most once per
 * {@link #ADJUST_INTERVAL_NANOS}, down to {@link #MIN_ROWS_PER_SECOND}; once the lag is back under
 * it, the rate doubles at the same pace until it is back where it was. A backfill that floods the
 * engine's WAL makes the checker fall behind, and a lagging checker cannot vouch for the cutover.
 *
 * <p>The limiter is smooth, without bursts: each reservation books its rows' share of time after
 * the previous one. Time comes from a clock passed in, so that tests can drive it.
 */
final class Throttle {
    static final long ADJUST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MIN_ROWS_PER_SECOND = 10;
    /** A chunk takes at most this share of a second at the limit, so that pause and rate changes act quickly. */
    private static final int CHUNKS_PER_SECOND = 10;

    private final LongSupplier nanoClock;
    private final long lagThresholdMs;
    private int limit;
    /** The lowered rate while the checker lags; 0 when not slowed down. */
    private long slowed;
    /** The rate before the first halving, to climb back to when there is no limit. */
    private long beforeSlowdown;
    private long lastAdjust;
    private long nextFree;

    Throttle(int limit, long lagThresholdMs, LongSupplier nanoClock) {
        this.limit = BackfillSettings.checkRowsPerSecond(limit);
        this.lagThresholdMs = lagThresholdMs;
        this.nanoClock = nanoClock;
        this.nextFree = nanoClock.getAsLong();
        this.lastAdjust = nextFree - ADJUST_INTERVAL_NANOS;
    }

    synchronized void setLimit(int rowsPerSecond) {
        limit = BackfillSettings.checkRowsPerSecond(rowsPerSecond);
    }

    synchronized int limit() {
        return limit;
    }

    /** The rate in force now; 0 for none. */
    synchronized long effectiveRate() {
        if (slowed == 0) {
            return limit;
        }
        return limit == 0 ? slowed : Math.min(limit, slowed);
    }

    synchronized boolean slowedByLag() {
        return slowed > 0;
    }

    /**
     * Takes the checker's lag into account.
     *
     * @param lagMs      the checker's lag now
     * @param recentRate the rate measured lately, the starting point of a slowdown when there is no limit
     */
    synchronized void observeLag(long lagMs, double recentRate) {
        long now = nanoClock.getAsLong();
        if (now - lastAdjust < ADJUST_INTERVAL_NANOS) {
            return;
        }
        if (lagMs > lagThresholdMs) {
            long current = effectiveRate();
            if (current == 0) {
                current = Math.max(MIN_ROWS_PER_SECOND, Math.round(recentRate));
            }
            if (slowed == 0) {
                beforeSlowdown = current;
            }
            slowed = Math.max(MIN_ROWS_PER_SECOND, current / 2);
            lastAdjust = now;
        } else if (slowed > 0) {
            slowed *= 2;
            long target = limit > 0 ? limit : beforeSlowdown;
            if (slowed >= target) {
                slowed = 0;
            }
            lastAdjust = now;
        }
    }

    /** How many rows the next chunk should hold: the setting, or less at a low rate. */
    synchronized int chunkRows(int chunkSize) {
        long rate = effectiveRate();
        if (rate == 0) {
            return chunkSize;
        }
        return (int) Math.max(1, Math.min(chunkSize, rate / CHUNKS_PER_SECOND));
    }

    /** Books {@code rows}; answers how long the caller must wait before it scans them, in nanoseconds. */
    synchronized long reserve(int rows) {
        long rate = effectiveRate();
        long now = nanoClock.getAsLong();
        if (rate == 0) {
            nextFree = now;
            return 0;
        }
        long start = Math.max(nextFree, now);
        nextFree = start + rows * TimeUnit.SECONDS.toNanos(1) / rate;
        return start - now;
    }
}
