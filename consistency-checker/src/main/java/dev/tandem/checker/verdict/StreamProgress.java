package dev.tandem.checker.verdict;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this checker instance has read each change-topic partition it owns, against the
 * partition's end. Written by the stream thread (what it processed) and by an offsets poller (end
 * offsets, committed offsets); read by both and by the status and metrics.
 *
 * <p><b>Lag of a store</b>, as reported: over the partitions of that store's change topic that this
 * instance owns, the largest of: 0 for a partition read to its end offset; otherwise the wall-clock
 * time since the source commit of the newest event processed from it (kept across restarts), or,
 * for a partition with nothing processed yet, since this instance took it over.
 */
public final class StreamProgress {

    private static final class Partition {
        volatile long processedNext = -1;
        volatile long watermarkMs = -1;
        volatile long endOffset = -1;
        volatile long committedOffset = -1;
        volatile long startOffset;
        volatile long ownedSinceMs;
    }

    private final CheckTopics topics;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    public StreamProgress(CheckTopics topics) {
        this.topics = topics;
    }

    /** A task took over a partition; {@code watermarkMs} is what its state store remembers (-1: none). */
    public void own(TopicPartition partition, long watermarkMs, long nowMs) {
        Partition p = partitions.computeIfAbsent(partition, tp -> new Partition());
        p.ownedSinceMs = nowMs;
        p.watermarkMs = Math.max(p.watermarkMs, watermarkMs);
    }

    public void release(TopicPartition partition) {
        partitions.remove(partition);
    }

    public Set<TopicPartition> owned() {
        return Set.copyOf(partitions.keySet());
    }

    /** The stream thread processed {@code offset}; {@code committedAtMs} is -1 for an event it could not read. */
    public void processed(TopicPartition partition, long offset, long committedAtMs) {
        Partition p = partitions.computeIfAbsent(partition, tp -> new Partition());
        p.processedNext = Math.max(p.processedNext, offset + 1);
        if (committedAtMs > p.watermarkMs) {
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

    public long watermarkMs(TopicPartition partition) {
        Partition p = partitions.get(partition);
        return p == null ? -1 : p.watermarkMs;
    }

    /** The lag of a store, in milliseconds, as defined above; 0 when this instance owns none of its partitions. */
    public long lagMs(Side side, long nowMs) {
        String topic = topics.changes(side);
        long lag = 0;
        for (Map.Entry<TopicPartition, Partition> entry : partitions.entrySet()) {
            if (!entry.getKey().topic().equals(topic) || atEnd(entry.getKey())) {
                continue;
            }
            Partition p = entry.getValue();
            long since = p.watermarkMs >= 0 ? p.watermarkMs : p.ownedSinceMs;
            lag = Math.max(lag, Math.max(0, nowMs - since));
        }
        return lag;
    }
}
