package dev.tandem.checker.verdict;

import dev.tandem.checker.change.ChangeEvent;
import dev.tandem.checker.change.ChangeEventCodec;
import dev.tandem.checker.change.DeadLetter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The check of one partition pair: folds each change event into its id's {@link KeyState}, and
 * publishes settled divergence. One instance per stream task.
 *
 * <p>Three stores, all on disk and changelogged: the key states; a timer index ordered by due time
 * (8 bytes big-endian due time, then the id), which a wall-clock punctuator reads from its start,
 * so that settling costs in proportion to the ids due, not to the ids known; and a few counters
 * (pending, settled by severity and kind, stream watermarks), moved by transitions.
 */
final class CheckProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckProcessor.class);
    /** At most this many due ids per punctuation, so that a burst cannot stall the stream thread. */
    private static final int MAX_DUE_PER_PUNCTUATION = 5_000;
    private static final int MAX_REASON_LENGTH = 300;
    private static final String PENDING_KEY = "pending";

    private final CheckTopics topics;
    private final VerdictTracker tracker;
    private final CheckStats stats;
    private final Duration punctuateInterval;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, KeyState> keys;
    private KeyValueStore<Bytes, byte[]> timers;
    private KeyValueStore<String, Long> meta;
    private TaskId task;
    private TopicPartition legacyPartition;
    private TopicPartition enginePartition;
    private final TaskCounts counts = new TaskCounts();

    CheckProcessor(CheckTopics topics, VerdictTracker tracker, CheckStats stats, Duration punctuateInterval) {
        this.topics = topics;
        this.tracker = tracker;
        this.stats = stats;
        this.punctuateInterval = punctuateInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        keys = context.getStateStore(CheckTopology.KEYS_STORE);
        timers = context.getStateStore(CheckTopology.TIMERS_STORE);
        meta = context.getStateStore(CheckTopology.META_STORE);
        task = context.taskId();
        legacyPartition = new TopicPartition(topics.legacyChanges(), task.partition());
        enginePartition = new TopicPartition(topics.engineChanges(), task.partition());

        counts.setPending(metaValue(PENDING_KEY));
        for (Severity severity : Severity.values()) {
            for (VerdictKind kind : VerdictKind.DIVERGENT) {
                counts.setSettled(severity, kind, metaValue(settledKey(severity, kind)));
            }
        }
        long now = context.currentSystemTimeMs();
        stats.progress().own(legacyPartition, metaValue(watermarkKey(Side.LEGACY), -1), now);
        stats.progress().own(enginePartition, metaValue(watermarkKey(Side.ENGINE), -1), now);
        stats.register(task, counts);
        context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, this::settleDue);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Side side = topics.sideOf(source.topic());
        TopicPartition partition = side == Side.LEGACY ? legacyPartition : enginePartition;
        long now = context.currentSystemTimeMs();
        ChangeEvent event;
        try {
            event = parse(record.key(), record.value(), side);
        } catch (RuntimeException e) {
            stats.progress().processed(partition, source.offset(), -1);
            deadLetter(record.key(), side, source, e, now);
            return;
        }
        stats.progress().processed(partition, source.offset(), event.committedAtMs());

        String id = event.tokenId();
        KeyState before = keys.get(id);
        if (before == null) {
            before = KeyState.EMPTY;
        }
        SideState updated = before.side(side).apply(event);
        if (updated != before.side(side)) {
            apply(id, before, tracker.onChange(before.withSide(side, updated), now, event.committedAtMs()), now);
        }
        stats.event(side, Math.max(0, now - event.committedAtMs()));
    }

    @Override
    public void close() {
        stats.unregister(task);
        stats.progress().release(legacyPartition);
        stats.progress().release(enginePartition);
    }

    private static ChangeEvent parse(String key, byte[] value, Side side) {
        if (value == null) {
            throw new IllegalArgumentException("a record without a value is not a change event");
        }
        ChangeEvent event = ChangeEventCodec.decode(value);
        if (!side.wireName().equals(event.store())) {
            throw new IllegalArgumentException("an event of store " + event.store() + " on the " + side.wireName() + " change topic");
        }
        if (!event.tokenId().equals(key)) {
            throw new IllegalArgumentException("the record key is not the event's token id");
        }
        return event;
    }

    private void settleDue(long now) {
        saveWatermark(Side.LEGACY, legacyPartition);
        saveWatermark(Side.ENGINE, enginePartition);
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timers.range(timerKey(0, null), timerKey(now + 1, null))) {
            while (it.hasNext() && due.size() < MAX_DUE_PER_PUNCTUATION) {
                due.add(it.next());
            }
        }
        for (KeyValue<Bytes, byte[]> entry : due) {
            ByteBuffer key = ByteBuffer.wrap(entry.key.get());
            long dueMs = key.getLong();
            String id = StandardCharsets.UTF_8.decode(key).toString();
            KeyState state = keys.get(id);
            if (state == null || state.timerDueMs() != dueMs) {
                timers.delete(entry.key);
                continue;
            }
            apply(id, state, tracker.onTimer(state, now, this::bothStreamsReadPast), now);
        }
    }

    /**
     * Kept in the store at each punctuation rather than per event: it only serves the lag report after
     * a restart, which a watermark one punctuation old does not mislead.
     */
    private void saveWatermark(Side side, TopicPartition partition) {
        long watermark = stats.progress().watermarkMs(partition);
        if (watermark > metaValue(watermarkKey(side), -1)) {
            meta.put(watermarkKey(side), watermark);
        }
    }

    private boolean bothStreamsReadPast(long commitMs) {
        return stats.progress().readPast(legacyPartition, commitMs) && stats.progress().readPast(enginePartition, commitMs);
    }

    private void apply(String id, KeyState before, VerdictTracker.Step step, long now) {
        KeyState after = step.state();
        if (after == null) {
            keys.delete(id);
        } else {
            keys.put(id, after);
        }
        long dueAfter = after == null ? -1 : after.timerDueMs();
        if (before.timerDueMs() != dueAfter) {
            if (before.timerDueMs() >= 0) {
                timers.delete(timerKey(before.timerDueMs(), id));
            }
            if (dueAfter >= 0) {
                timers.put(timerKey(dueAfter, id), new byte[0]);
            }
        }
        if (before.phase() != (after == null ? KeyState.Phase.MATCH : after.phase())
                || !before.classification().equals(after == null ? Classification.MATCH : after.classification())) {
            counts.move(before, after);
            saveCounts(before, after);
        }
        switch (step.publication()) {
            case DIVERGENCE -> {
                Divergence divergence = Divergence.of(id, after);
                context.forward(new Record<>(id, divergence.toJson(), now), CheckTopology.DIVERGENCE_SINK);
                LOG.debug("settled divergence {} {} of {} (fields {})", divergence.severity().wireName(),
                        divergence.kind().wireName(), id, divergence.fields());
            }
            case TOMBSTONE -> context.forward(new Record<String, byte[]>(id, null, now), CheckTopology.DIVERGENCE_SINK);
            case NONE -> {
            }
        }
    }

    private void saveCounts(KeyState before, KeyState after) {
        meta.put(PENDING_KEY, counts.pending());
        for (KeyState state : new KeyState[]{before, after}) {
            if (state != null && state.phase() == KeyState.Phase.SETTLED) {
                Severity severity = state.classification().severity();
                VerdictKind kind = state.classification().kind();
                meta.put(settledKey(severity, kind), counts.settled(severity, kind));
            }
        }
    }

    /**
     * In the capture's dead-letter form; the position names the change topic's record and the reason
     * starts with {@code check:}, which tells these apart from the capture's own.
     */
    private void deadLetter(String key, Side side, RecordMetadata source, RuntimeException failure, long now) {
        stats.deadLetter(side);
        String reason = failure instanceof IllegalArgumentException ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
        }
        String position = source.topic() + "-" + source.partition() + "@" + source.offset();
        DeadLetter letter = new DeadLetter(side.wireName(), null, key, "check: " + reason, position, 0, now);
        context.forward(new Record<>(letter.tokenId(), letter.encode(), now), CheckTopology.DEAD_LETTER_SINK);
        LOG.warn("dead letter from {}: {}", position, reason);
    }

    private long metaValue(String key) {
        return metaValue(key, 0);
    }

    private long metaValue(String key, long absent) {
        Long value = meta.get(key);
        return value == null ? absent : value;
    }

    private static String settledKey(Severity severity, VerdictKind kind) {
        return "settled." + severity.wireName() + "." + kind.wireName();
    }

    private static String watermarkKey(Side side) {
        return "watermark." + side.wireName();
    }

    /** Due time first, big-endian, so that the store's byte order is time order; then the id. */
    static Bytes timerKey(long dueMs, String id) {
        byte[] idBytes = id == null ? new byte[0] : id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(dueMs).put(idBytes).array());
    }
}
