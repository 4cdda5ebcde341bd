package dev.tandem.backfill;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a backfill runs. Every key, its doc and its default sit together below; the constructor
 * rejects a bad value naming the key, the value and what is valid. Kept in the checkpoint, so that
 * a job resumed after a restart runs as it was started.
 *
 * @param chunkSize            rows read and written per transaction (optional, default {@value #DEFAULT_CHUNK_SIZE})
 * @param rowsPerSecond        rate limit on rows scanned; 0 for none (optional, default {@value #DEFAULT_ROWS_PER_SECOND})
 * @param expiryHorizonSeconds rows expiring within this many seconds are not copied (optional,
 *                             default {@value #DEFAULT_EXPIRY_HORIZON_SECONDS})
 * @param lagThresholdMs       checker lag above which the backfill slows down (optional,
 *                             default {@value #DEFAULT_LAG_THRESHOLD_MS})
 * @param leaseSeconds         how long the running instance's claim lasts without renewal; another
 *                             instance may take over after it (optional, default {@value #DEFAULT_LEASE_SECONDS})
 */
public record BackfillSettings(int chunkSize, int rowsPerSecond, long expiryHorizonSeconds, long lagThresholdMs,
                               int leaseSeconds) {
    public static final String CHUNK_SIZE = "chunk.size";
    public static final String CHUNK_SIZE_DOC = "Rows read and written per transaction; the checkpoint advances once per chunk.";
    public static final int DEFAULT_CHUNK_SIZE = 5_000;
    public static final int MAX_CHUNK_SIZE = 50_000;

    public static final String ROWS_PER_SECOND = "rows.per.second";
    public static final String ROWS_PER_SECOND_DOC = "Rate limit on legacy rows scanned per second; 0 means no limit. Can be changed while running.";
    public static final int DEFAULT_ROWS_PER_SECOND = 0;
    public static final int MAX_ROWS_PER_SECOND = 10_000_000;

    public static final String EXPIRY_HORIZON_SECONDS = "expiry.horizon.seconds";
    public static final String EXPIRY_HORIZON_SECONDS_DOC = "Rows that expire within this many seconds are not copied:"
            + " they will be gone before reads move to the engine. Expired rows are never copied.";
    public static final long DEFAULT_EXPIRY_HORIZON_SECONDS = 3_600;
    public static final long MAX_EXPIRY_HORIZON_SECONDS = 30L * 24 * 3_600;

    public static final String LAG_THRESHOLD_MS = "lag.threshold.ms";
    public static final String LAG_THRESHOLD_MS_DOC = "Checker lag above which the backfill slows down, and below"
            + " which it recovers.";
    public static final long DEFAULT_LAG_THRESHOLD_MS = 5_000;
    public static final long MAX_LAG_THRESHOLD_MS = 3_600_000;

    public static final String LEASE_SECONDS = "lease.seconds";
    public static final String LEASE_SECONDS_DOC = "How long the running instance's claim on the job lasts without"
            + " renewal; after that another instance may take the job over.";
    public static final int DEFAULT_LEASE_SECONDS = 30;
    public static final int MAX_LEASE_SECONDS = 3_600;

    public BackfillSettings {
        check(CHUNK_SIZE, chunkSize, 1, MAX_CHUNK_SIZE);
        check(ROWS_PER_SECOND, rowsPerSecond, 0, MAX_ROWS_PER_SECOND);
        check(EXPIRY_HORIZON_SECONDS, expiryHorizonSeconds, 0, MAX_EXPIRY_HORIZON_SECONDS);
        check(LAG_THRESHOLD_MS, lagThresholdMs, 1, MAX_LAG_THRESHOLD_MS);
        check(LEASE_SECONDS, leaseSeconds, 1, MAX_LEASE_SECONDS);
    }

    /** Every default. */
    public static BackfillSettings defaults() {
        return new BackfillSettings(DEFAULT_CHUNK_SIZE, DEFAULT_ROWS_PER_SECOND, DEFAULT_EXPIRY_HORIZON_SECONDS,
                DEFAULT_LAG_THRESHOLD_MS, DEFAULT_LEASE_SECONDS);
    }

    /**
     * Settings from key/value text (an API body, command-line options); absent keys take their
     * defaults.
     *
     * @throws IllegalArgumentException on an unknown key or a value that is not a whole number in range
     */
    public static BackfillSettings fromMap(Map<String, String> values) {
        Map<String, String> rest = new LinkedHashMap<>(values);
        BackfillSettings settings = new BackfillSettings(
                (int) number(rest, CHUNK_SIZE, DEFAULT_CHUNK_SIZE, 1, MAX_CHUNK_SIZE),
                (int) number(rest, ROWS_PER_SECOND, DEFAULT_ROWS_PER_SECOND, 0, MAX_ROWS_PER_SECOND),
                number(rest, EXPIRY_HORIZON_SECONDS, DEFAULT_EXPIRY_HORIZON_SECONDS, 0, MAX_EXPIRY_HORIZON_SECONDS),
                number(rest, LAG_THRESHOLD_MS, DEFAULT_LAG_THRESHOLD_MS, 1, MAX_LAG_THRESHOLD_MS),
                (int) number(rest, LEASE_SECONDS, DEFAULT_LEASE_SECONDS, 1, MAX_LEASE_SECONDS));
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown backfill setting \"" + rest.keySet().iterator().next()
                    + "\" (valid: " + String.join(", ", docs().keySet()) + ")");
        }
        return settings;
    }

    /** Each key with its doc and default, for help texts and the configuration reference. */
    public static Map<String, String> docs() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put(CHUNK_SIZE, CHUNK_SIZE_DOC + " Default " + DEFAULT_CHUNK_SIZE + ", at most " + MAX_CHUNK_SIZE + ".");
        docs.put(ROWS_PER_SECOND, ROWS_PER_SECOND_DOC + " Default " + DEFAULT_ROWS_PER_SECOND + ".");
        docs.put(EXPIRY_HORIZON_SECONDS, EXPIRY_HORIZON_SECONDS_DOC + " Default " + DEFAULT_EXPIRY_HORIZON_SECONDS + ".");
        docs.put(LAG_THRESHOLD_MS, LAG_THRESHOLD_MS_DOC + " Default " + DEFAULT_LAG_THRESHOLD_MS + ".");
        docs.put(LEASE_SECONDS, LEASE_SECONDS_DOC + " Default " + DEFAULT_LEASE_SECONDS + ".");
        return docs;
    }

    public BackfillSettings withRowsPerSecond(int rate) {
        return new BackfillSettings(chunkSize, rate, expiryHorizonSeconds, lagThresholdMs, leaseSeconds);
    }

    /** Checks a rate limit alone, as a change while running does. */
    static int checkRowsPerSecond(int rate) {
        check(ROWS_PER_SECOND, rate, 0, MAX_ROWS_PER_SECOND);
        return rate;
    }

    /** Checked before the caller narrows it to an int, so that a huge value is named as given. */
    private static long number(Map<String, String> values, String key, long fallback, long min, long max) {
        String text = values.remove(key);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " \"" + text + "\" (valid: a whole number, "
                    + min + " to " + max + ")");
        }
        check(key, value, min, max);
        return value;
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("invalid " + key + " " + value + " (valid: " + min + " to " + max + ")");
        }
    }
}
