package dev.tandem.verification;

import dev.tandem.verification.checksum.KeyRange;

import java.time.Duration;

/**
 * How a run works.
 *
 * @param threads       workers, each with its own connection to each database (1 to {@value #MAX_THREADS})
 * @param chunks        key ranges of a new run (1 to 65536); 0 picks about {@value #ROWS_PER_CHUNK} rows per chunk
 *                      from the databases' row estimates. A resumed run keeps its own.
 * @param pause         pause of each worker after each chunk, to spare a busy production database; zero for none
 * @param owner         names this process in the status ({@code pid@host} by default)
 * @param recheck       how long a chunk's differences are given to settle before they are read once more; only
 *                      those still there count. Live writes reach the two stores a few milliseconds apart, so a
 *                      single read would report every write in flight. Zero reads once (quiet stores, tests).
 */
public record VerificationSettings(int threads, int chunks, Duration pause, String owner, Duration recheck) {
    /** Comfortably above the orchestrator's mirror timeout (1 s by default): a write in flight has landed by then. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(2);
    public static final int MAX_THREADS = 64;
    public static final int ROWS_PER_CHUNK = 20_000;
    public static final int MIN_AUTO_CHUNKS = 16;

    public VerificationSettings {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads: " + threads + " is out of range (valid: 1 to " + MAX_THREADS + ")");
        }
        if (chunks < 0 || chunks > KeyRange.MAX_CHUNKS) {
            throw new IllegalArgumentException("chunks: " + chunks + " is out of range (valid: 1 to " + KeyRange.MAX_CHUNKS
                    + ", or 0 to size chunks from the row count)");
        }
        if (pause == null || pause.isNegative()) {
            throw new IllegalArgumentException("pause: " + pause + " is not a pause (valid: zero or more)");
        }
        if (recheck == null || recheck.isNegative()) {
            throw new IllegalArgumentException("recheck: " + recheck + " is not a delay (valid: zero or more)");
        }
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner: must name the process (for example pid@host)");
        }
    }

    /** Two workers (this project's machines have two cores), chunks sized from the row count, no pause. */
    public static VerificationSettings defaults() {
        return new VerificationSettings(2, 0, Duration.ZERO, defaultOwner(), DEFAULT_RECHECK);
    }

    public VerificationSettings withThreads(int threads) {
        return new VerificationSettings(threads, chunks, pause, owner, recheck);
    }

    public VerificationSettings withChunks(int chunks) {
        return new VerificationSettings(threads, chunks, pause, owner, recheck);
    }

    public VerificationSettings withPause(Duration pause) {
        return new VerificationSettings(threads, chunks, pause, owner, recheck);
    }

    public VerificationSettings withRecheck(Duration recheck) {
        return new VerificationSettings(threads, chunks, pause, owner, recheck);
    }

    static String defaultOwner() {
        String host = System.getenv("HOSTNAME");
        return ProcessHandle.current().pid() + "@" + (host == null || host.isBlank() ? "localhost" : host);
    }
}
