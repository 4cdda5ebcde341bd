package dev.tandem.checker.verdict;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds {@link StreamProgress} with the start and end offsets of the change-topic partitions this
 * instance owns, and the check's committed offsets, a few times a second. The stream thread never
 * waits for it: until it has answered, a partition simply does not count as read to its end.
 */
final class OffsetsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetsPoller.class);

    private final Admin admin;
    private final String groupId;
    private final StreamProgress progress;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "check-offsets-poller");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean warned;

    OffsetsPoller(Admin admin, String groupId, StreamProgress progress) {
        this.admin = admin;
        this.groupId = groupId;
        this.progress = progress;
    }

    void start(long intervalMs) {
        scheduler.scheduleWithFixedDelay(this::poll, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Set<TopicPartition> owned = progress.owned();
        if (owned.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (TopicPartition partition : owned) {
                latest.put(partition, OffsetSpec.latest());
                earliest.put(partition, OffsetSpec.earliest());
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    progress.committedOffset(partition, offset.offset());
                }
            });
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                    : admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                progress.startOffset(entry.getKey(), entry.getValue().offset());
            }
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                    : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                progress.endOffset(entry.getKey(), entry.getValue().offset());
            }
            warned = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!warned) {
                LOG.warn("cannot read the change topics' offsets; until it can, no partition counts as read to its end and lag"
                        + " grows from the newest event read: {}", e.toString());
                warned = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
