package dev.tandem.orchestrator.metrics;

/**
 * The names of Tandem's own meters, in Micrometer's dotted form; the Prometheus registry renders
 * them in base units with the usual suffixes ({@code tandem.reads} is {@code tandem_reads_total},
 * {@code tandem.store.operation} is {@code tandem_store_operation_seconds}). Tags are low-cardinality
 * names only: a store, an operation, a field, a reason. Never a token id or a client id.
 */
public final class TandemMetrics {
    /** Timer: one store call, tagged {@code store}, {@code operation} and {@code outcome}. */
    public static final String STORE_OPERATION = "tandem.store.operation";
    /** Counter: reads answered, tagged with the {@code store} that answered. */
    public static final String READS = "tandem.reads";
    /**
     * Counter: reads the routed store could not answer, so the phase's primary did (read-your-writes),
     * tagged with the {@code store} that missed and the {@code reason} (missing, replay_pending, queue_unknown, failed).
     */
    public static final String READ_FALLBACKS = "tandem.read.fallbacks";
    /** Counter: mirror writes that failed, tagged {@code store} (the mirror) and {@code reason}. */
    public static final String MIRROR_FAILURES = "tandem.mirror.failures";
    /** Counter: shadow reads compared with the served read. */
    public static final String SHADOW_READS = "tandem.shadow.reads";
    /** Counter: shadow comparisons that found a difference, one per differing {@code field}. */
    public static final String SHADOW_MISMATCHES = "tandem.shadow.mismatches";
    /** Counter: sampled shadow reads not done, tagged {@code reason} (busy, failed). */
    public static final String SHADOW_SKIPPED = "tandem.shadow.skipped";
    /** Gauge: 1 for the current migration phase, 0 for the others, tagged {@code phase}. */
    public static final String MIGRATION_PHASE = "tandem.migration.phase";
    /** Gauge: 1 for the current read flag, 0 for the others, tagged {@code flag}. */
    public static final String READ_FLAG = "tandem.read.flag";
    /** Counter: repairs of one token id, tagged {@code outcome} (repaired, already_equal, skipped_newer_in_secondary, failed). */
    public static final String REPAIRS = "tandem.repairs";
    /** Gauge: failed mirror writes in the replay queue (every instance's), not yet replayed into both stores. */
    public static final String REPLAY_PENDING = "tandem.replay.queue.pending";
    /** Gauge: age of the replay queue's oldest entry, in seconds; 0 when it is empty. */
    public static final String REPLAY_OLDEST = "tandem.replay.queue.oldest";

    private TandemMetrics() {
    }
}
