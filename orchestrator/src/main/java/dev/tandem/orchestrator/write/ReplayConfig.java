package dev.tandem.orchestrator.write;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The replay queue of failed mirror writes ({@code tandem.replay.*}, see {@link ReplayQueue}). Every
 * key is optional; its default is below.
 */
@ConfigMapping(prefix = "tandem.replay")
public interface ReplayConfig {
    String TOPIC = "tandem.replay.topic";
    String CATCH_UP_TIMEOUT_MS = "tandem.replay.catch-up-timeout-ms";
    String OWN_DELAY_MS = "tandem.replay.own-delay-ms";
    String TAKEOVER_DELAY_MS = "tandem.replay.takeover-delay-ms";
    String INITIAL_BACKOFF_MS = "tandem.replay.initial-backoff-ms";
    String MAX_BACKOFF_MS = "tandem.replay.max-backoff-ms";

    /**
     * The Kafka topic of the queue (compacted, one partition, created when absent). Every instance
     * of one migration must name the same topic, or they do not see each other's entries.
     */
    @WithDefault("tandem.replay")
    String topic();

    /** Kafka's {@code bootstrap.servers} for the queue; defaults to {@code kafka.bootstrap.servers}. */
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:59092}")
    String bootstrapServers();

    /**
     * Timeout of one Kafka request of the queue, in milliseconds (at least 1): an enqueue that is not
     * acknowledged within it fails its write with 503.
     */
    @WithDefault("5000")
    int kafkaTimeoutMs();

    /** How long one poll of the queue waits when no read is waiting for it, in milliseconds (1 to 500). */
    @WithDefault("100")
    int pollTimeoutMs();

    /**
     * How long a read from a store other than the primary waits for the queue to be caught up, in
     * milliseconds (at least 1). Past it the read is served by the primary instead (counted as a
     * fallback with reason {@code queue_unknown}).
     */
    @WithDefault("1000")
    long catchUpTimeoutMs();

    /** How long after it queued an entry, in milliseconds (at least 0), the writer replays it. */
    @WithDefault("1000")
    long ownDelayMs();

    /**
     * How old another instance's entry must be, in milliseconds (at least 0), before this instance
     * replays it too: a writer that died does not strand its entries.
     */
    @WithDefault("10000")
    long takeoverDelayMs();

    /** Wait before the second replay of an entry that failed, in milliseconds (at least 1); doubled each time. */
    @WithDefault("500")
    long initialBackoffMs();

    /** The longest wait between two replays of one entry, in milliseconds. Replays never stop before it applies. */
    @WithDefault("30000")
    long maxBackoffMs();

    /** Wait before reconnecting to Kafka after the queue's follower failed, in milliseconds. */
    @WithDefault("1000")
    int retryBackoffMs();
}
