package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Side;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How far this checker instance has read each change-topic partition it owns, against the
 * partition's end. Written by the stream thread (what it processed) and by an offsets poller (end
 * offsets, committed offsets); read by both and by the status and metrics.
 *
 * <p>A partition's <b>watermark</b> is the source commit time of the newest event processed from it,
 * heartbeats included (kept across restarts). Every capture writes a heartbeat row into its store
 * every {@code tandem.checker.cdc.heartbeat-interval-ms} and publishes its change to every partition,
 * so a partition whose store and capture are alive never has a watermark older than about one
 * interval. A commit time that is missing (0 or less) never becomes a watermark.
 *
 * <p><b>Lag of a store</b>, as reported: over the partitions of that store's change topic that this
 * instance owns, the largest of, per partition:
 * <ul>
 *   <li>0 when the partition is read to its end offset and its watermark is fresh: no older than
 *       {@link #freshForMs()} (twice the heartbeat interval plus a second, which covers MariaDB's
 *       whole-second commit times and the way through Kafka);</li>
 *   <li>otherwise, with a watermark, the wall-clock time since the watermark: this grows while the
 *       store is paused or unreachable, or its capture is dead, even though nothing is left to read;</li>
 *   <li>without a watermark (nothing processed since the partition was first owned, not even a
 *       heartbeat): 0 at its end while the partition has been owned for no longer than the fresh
 *       window, else the time since this instance took it over.</li>
 * </ul>
 * Never the time since the epoch: a partition is only ever timed from a real watermark or from
 * when it was taken over, read from the wall clock this progress was given.
 *
 * <p>While the offsets poller cannot reach the broker, end offsets stay as last read (or unknown,
 * when never read): such a partition is not "at its end" and its lag grows from its watermark, which
 * says as much as can be known. The poller logs that it cannot read the offsets.
 */
public final class StreamProgress {
    /** Added to twice the heartbeat interval: MariaDB's commit times have whole seconds only. */
    static final long FRESH_SLACK_MS = 1_000;

    private static final class Partition {
        volatile long processedNext = -1;
        volatile long watermarkMs = -1;
        volatile long endOffset = -1;
        volatile long committedOffset = -1;
        volatile long startOffset;
        volatile long ownedSinceMs;
    }

    private final CheckTopics topics;
    private final long freshForMs;
    private final LongSupplier clock;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * @param heartbeatIntervalMs how often the captures publish heartbeats
     * @param clock               the wall clock, in epoch milliseconds: what marks when a partition was taken over
     */
    public StreamProgress(CheckTopics topics, long heartbeatIntervalMs, LongSupplier clock) {
        if (heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive, was " + heartbeatIntervalMs);
        }
        this.topics = topics;
        this.freshForMs = 2 * heartbeatIntervalMs + FRESH_SLACK_MS;
        this.clock = clock;
    }

    /** How old a watermark may be for a partition read to its end to count as caught up. */
    public long freshForMs() {
        return freshForMs;
    }

    /**
     * A task took over a partition, now by this progress' clock; {@code watermarkMs} is what its state
     * store remembers (-1: none).
     *
     * <p>Not the stream task's {@code currentSystemTimeMs()}: Kafka Streams sets that only before it
     * processes or punctuates, so in a processor's {@code init} it is 0 for a new task, and a
     * partition timed from it would report a lag of the time since the epoch.
     */
    public void own(TopicPartition partition, long watermarkMs) {
        Partition p = partitions.computeIfAbsent(partition, tp -> new Partition());
        p.ownedSinceMs = clock.getAsLong();
        if (watermarkMs > 0 && watermarkMs > p.watermarkMs) {
            p.watermarkMs = watermarkMs;
        }
    }

    public void release(TopicPartition partition) {
        partitions.remove(partition);
    }

    public Set<TopicPartition> owned() {
        return Set.copyOf(partitions.keySet());
    }

    /**
     * The stream thread processed {@code offset}; {@code committedAtMs} is -1 for an event it could
     * not read, and 0 or less never moves the watermark. Ignored for a partition not owned (released
     * meanwhile): it must not come back as owned, without a takeover time.
     */
    public void processed(TopicPartition partition, long offset, long committedAtMs) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return;
        }
        p.processedNext = Math.max(p.processedNext, offset + 1);
        if (committedAtMs > 0 && committedAtMs > p.watermarkMs) {
            p.watermarkMs = committedAtMs;
        }
    }

    /** From the offsets poller. */
    public void endOffset(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null) {
            p.endOffset = offset;
        }
    }

    /** From the offsets poller: the first offset still in the log (nothing before it can be read). */
    public void startOffset(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null) {
            p.startOffset = offset;
        }
    }

    /** From the offsets poller: the group's committed offset (where a restart resumes). */
    public void committedOffset(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null) {
            p.committedOffset = Math.max(p.committedOffset, offset);
        }
    }

    /** Whether every event of the partition known to exist has been processed; false while unknown. */
    public boolean atEnd(TopicPartition partition) {
        Partition p = partitions.get(partition);
        if (p == null || p.endOffset < 0) {
            return false;
        }
        return Math.max(Math.max(p.processedNext, p.committedOffset), p.startOffset) >= p.endOffset;
    }

    /** Whether the partition has been read to its end or past an event committed at {@code commitMs}. */
    public boolean readPast(TopicPartition partition, long commitMs) {
        return readPastMs(partition) >= commitMs;
    }

    /**
     * The source commit time up to which the partition has been read: {@link Long#MAX_VALUE} when read
     * to its end, else its watermark; -1 for a partition this instance does not own.
     */
    public long readPastMs(TopicPartition partition) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return -1;
        }
        return atEnd(partition) ? Long.MAX_VALUE : p.watermarkMs;
    }

    /** The partition's watermark; -1 when it has none or is not owned. */
    public long watermarkMs(TopicPartition partition) {
        Partition p = partitions.get(partition);
        return p == null ? -1 : p.watermarkMs;
    }

    /**
     * The source commit time every owned partition of the store has been read past: the oldest of
     * their watermarks, or -1 when one has none or none is owned. A switch of the primary waits
     * for this to pass the moment it held writes (the capture heartbeats move it while no token
     * changes).
     */
    public long watermarkMs(Side side) {
        String topic = topics.changes(side);
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, Partition> entry : partitions.entrySet()) {
            if (entry.getKey().topic().equals(topic)) {
                long watermark = entry.getValue().watermarkMs;
                if (watermark <= 0) {
                    return -1;
                }
                oldest = Math.min(oldest, watermark);
            }
        }
        return oldest == Long.MAX_VALUE ? -1 : oldest;
    }

    /** The lag of a store, in milliseconds, as defined above; 0 when this instance owns none of its partitions. */
    public long lagMs(Side side, long nowMs) {
        String topic = topics.changes(side);
        long lag = 0;
        for (Map.Entry<TopicPartition, Partition> entry : partitions.entrySet()) {
            if (entry.getKey().topic().equals(topic)) {
                lag = Math.max(lag, lagMs(entry.getKey(), entry.getValue(), nowMs));
            }
        }
        return lag;
    }

    private long lagMs(TopicPartition partition, Partition p, long nowMs) {
        boolean atEnd = atEnd(partition);
        long watermark = p.watermarkMs;
        long since = Math.max(0, nowMs - (watermark > 0 ? watermark : p.ownedSinceMs));
        return atEnd && since <= freshForMs ? 0 : since;
    }
}
