package dev.tandem.backfill;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The backfill's brake: a rows-per-second limit (settable while running) and a response to the
 * checker's lag, with the reason for a slowdown in words ({@link #reason()}). A backfill that floods
 * the engine's WAL makes the checker fall behind, and a lagging checker cannot vouch for the cutover.
 *
 * <p>The lag (how long ago the newest source commit the checker has read was made) answers a change
 * of rate late: rows copied after a slowdown reach the checker only once it has digested those copied
 * before, about one lag later. Until then the lag keeps rising by itself, and halving on every high
 * reading would hold the copy at the floor for minutes. So, at most once per {@link #ADJUST_INTERVAL_NANOS}:
 * <ul>
 *   <li>lag at or under the threshold: the rate doubles until it is back at the setting (without a
 *       limit: where it was before the slowdown);
 *   <li>lag above it, not slowed yet: the rate halves;
 *   <li>above it while the checker still reads rows copied before the last slowdown (the lag is longer
 *       than the time since): the rate holds. That lag is the backfill's own, expected, and bounded by
 *       the time the checker takes to get past those rows;
 *   <li>above it once the checker is past them: the rate halves again if the lag rose since the last
 *       reading, and holds if not;
 *   <li>above it and rising at about wall-clock speed ({@link #STALL_RISE} s/s or more) over
 *       {@link #STALL_WINDOW_NANOS}: the checker reads only changes committed long ago, or nothing,
 *       whatever the rate is; the rate drops to the floor and stays there. Said as "checker stalled"
 *       when it checks (next to) nothing, and as "catching up on a backlog", with its events per
 *       second, when it checks changes at speed: at its first start, the capture's snapshot of every
 *       legacy row is such a backlog, and copying more rows meanwhile would only lengthen it;
 *   <li>lag unknown: the rate holds.
 * </ul>
 * The rate never falls below {@link #MIN_ROWS_PER_SECOND}: the lag never stops the backfill.
 *
 * <p>The limiter is smooth, without bursts: each reservation books its rows' share of time after
 * the previous one. Time comes from a clock passed in, so that tests can drive it.
 */
final class Throttle {
    static final long ADJUST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MIN_ROWS_PER_SECOND = 10;
    /** How long the lag must rise at about wall-clock speed before the checker counts as stalled. */
    static final long STALL_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The lag's rise, in seconds per second, from which on the checker counts as stalled: exactly 1 when
     * it reads nothing, less the staleness of its status (published about once a second).
     */
    static final double STALL_RISE = 0.9;
    static final String THROTTLED = "throttled to %s rows/s: %s";
    static final String STALLED = "checker stalled: lag %s, rising %.1f s/s; held at %s rows/s";
    static final String BACKLOG = "checker catching up on a backlog: lag %s, rising %.1f s/s, checking %,.0f events/s;"
            + " held at %s rows/s";
    /** Events checked per second under which a checker whose lag rises at wall-clock speed counts as stalled. */
    static final double STALLED_EVENTS_PER_SECOND = 1;
    /** A chunk takes at most this share of a second at the limit, so that pause and rate changes act quickly. */
    private static final int CHUNKS_PER_SECOND = 10;

    /** Why the rate is what it is; each with its words, formatted with the lag and the threshold. */
    private enum Cause {
        NONE(null),
        RISING("checker lag %s > %s, rising"),
        DIGESTING("checker lag %s > %s, still checking rows copied before the slowdown"),
        NOT_RISING("checker lag %s > %s, not rising"),
        STALLED(null),
        BACKLOG(null),
        RECOVERING("checker lag %s under %s, speeding up"),
        UNKNOWN("checker lag unknown, rate held");

        final String words;

        Cause(String words) {
            this.words = words;
        }
    }

    private record Sample(long atNanos, long lagMs) {
    }

    private final LongSupplier nanoClock;
    private final long lagThresholdMs;
    /** The lag readings of about the last {@link #STALL_WINDOW_NANOS}, oldest first, one per adjustment. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private int limit;
    /** The lowered rate while the checker lags; 0 when not slowed down. */
    private long slowed;
    /** The rate before the first halving, to climb back to when there is no limit. */
    private long beforeSlowdown;
    /** When the rate was last lowered: rows copied before it are what the checker digests first. */
    private long slowedAt;
    private Cause cause = Cause.NONE;
    private long lagMs;
    /** The checker's events per second at the last reading. */
    private double checkerEventsPerSecond;
    /** The lag's rise over the samples, in seconds per second. */
    private double rise;
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

    /** Whether the checker's lag holds the rate in force below the setting. */
    synchronized boolean slowedByLag() {
        return slowed > 0 && (limit == 0 || slowed < limit);
    }

    /** Whether the rate is held at the floor because the checker reads nothing. */
    synchronized boolean stalled() {
        return shownCause() == Cause.STALLED;
    }

    /** Whether the rate is held at the floor while the checker reads a backlog at speed. */
    synchronized boolean catchingUp() {
        return shownCause() == Cause.BACKLOG;
    }

    /**
     * Why the rate in force is below the setting, with the numbers, e.g. {@code throttled to 2,500
     * rows/s: checker lag 8.2 s > 5 s, rising}; null when it is not.
     */
    synchronized String reason() {
        if (!slowedByLag()) {
            return null;
        }
        String rate = String.format(Locale.ROOT, "%,d", effectiveRate());
        if (cause == Cause.STALLED) {
            return String.format(Locale.ROOT, STALLED, seconds(lagMs), rise, rate);
        }
        if (cause == Cause.BACKLOG) {
            return String.format(Locale.ROOT, BACKLOG, seconds(lagMs), rise, checkerEventsPerSecond, rate);
        }
        return String.format(Locale.ROOT, THROTTLED, rate,
                String.format(Locale.ROOT, cause.words, seconds(lagMs), threshold(lagThresholdMs)));
    }

    /**
     * Takes the checker's lag into account, at most once per {@link #ADJUST_INTERVAL_NANOS}.
     *
     * @param lagMs      the checker's lag now; empty when unknown
     * @param checkerEventsPerSecond the events the checker checked per second lately
     * @param recentRate the rate measured lately, the starting point of a slowdown when there is no limit
     * @return whether the rate in force or the cause {@link #reason()} names changed: worth a line in the log
     */
    synchronized boolean observeLag(OptionalLong lagMs, double checkerEventsPerSecond, double recentRate) {
        long now = nanoClock.getAsLong();
        if (now - lastAdjust < ADJUST_INTERVAL_NANOS) {
            return false;
        }
        lastAdjust = now;
        long rateBefore = effectiveRate();
        Cause causeBefore = shownCause();
        this.checkerEventsPerSecond = checkerEventsPerSecond;
        if (lagMs.isPresent()) {
            adjust(now, lagMs.getAsLong(), recentRate);
        } else {
            // Neither way is justified without a reading; the trend starts over with the next one.
            samples.clear();
            cause = slowed > 0 ? Cause.UNKNOWN : Cause.NONE;
        }
        return shownCause() != causeBefore || effectiveRate() != rateBefore;
    }

    /** The cause as {@link #reason()} tells it: none while the rate is the setting. */
    private Cause shownCause() {
        return slowedByLag() ? cause : Cause.NONE;
    }

    private void adjust(long now, long lag, double recentRate) {
        Sample previous = samples.peekLast();
        samples.addLast(new Sample(now, lag));
        // Keep the newest sample at least a window old, so that the oldest spans the whole window.
        while (samples.size() > 1) {
            Sample oldest = samples.pollFirst();
            if (now - samples.peekFirst().atNanos() < STALL_WINDOW_NANOS) {
                samples.addFirst(oldest);
                break;
            }
        }
        Sample oldest = samples.peekFirst();
        long span = now - oldest.atNanos();
        lagMs = lag;
        rise = span <= 0 ? 0 : (lag - oldest.lagMs()) * 1e6 / span;
        if (lag <= lagThresholdMs) {
            if (slowed > 0) {
                slowed *= 2;
                if (slowed >= (limit > 0 ? limit : beforeSlowdown)) {
                    slowed = 0;
                }
            }
            cause = slowed > 0 ? Cause.RECOVERING : Cause.NONE;
        } else if (span >= STALL_WINDOW_NANOS && rise >= STALL_RISE) {
            lower(now, true, recentRate);
            cause = checkerEventsPerSecond < STALLED_EVENTS_PER_SECOND ? Cause.STALLED : Cause.BACKLOG;
        } else if (slowed > 0 && TimeUnit.MILLISECONDS.toNanos(lag) > now - slowedAt) {
            cause = Cause.DIGESTING;
        } else if (slowed == 0 || previous != null && lag > previous.lagMs()) {
            lower(now, false, recentRate);
            cause = Cause.RISING;
        } else {
            cause = Cause.NOT_RISING;
        }
    }

    /** Halves the rate in force, or lowers it to the floor; never below the floor. */
    private void lower(long now, boolean toFloor, double recentRate) {
        long current = effectiveRate();
        if (current == 0) {
            current = Math.max(MIN_ROWS_PER_SECOND, Math.round(recentRate));
        }
        if (slowed == 0) {
            beforeSlowdown = current;
        }
        long lowered = toFloor ? MIN_ROWS_PER_SECOND : Math.max(MIN_ROWS_PER_SECOND, current / 2);
        if (lowered < current) {
            slowedAt = now;
        }
        slowed = lowered;
    }

    /** 8200 ms as {@code 8.2 s}. */
    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%,.1f s", ms / 1000.0);
    }

    /** 5000 ms as {@code 5 s}, 2500 ms as {@code 2.5 s}: a setting, shown as exactly as it was given. */
    private static String threshold(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
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
