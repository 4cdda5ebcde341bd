package dev.tandem.checker.verdict;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * The check of one partition pair: folds each change event into its id's {@link KeyState}, and
 * publishes settled divergence. One instance per stream task.
 *
 * <p>Four stores, all on disk and changelogged: the key states; a timer index ordered by due time
 * (8 bytes big-endian due time, then the id), which a wall-clock punctuator reads from its start,
 * so that settling costs in proportion to the ids due, not to the ids known; a read-past index of
 * the same shape, ordered by the source commit time that both streams must be read past before a
 * pending id may settle ({@link KeyState#readPastMs()}), which the punctuator reads up to where
 * both streams have got; and a few counters (pending, settled by severity and kind, stream
 * watermarks), moved by transitions.
 *
 * <p>Why two indexes: while one stream lags (a snapshot of 100,000 legacy rows being read), every
 * id it has touched waits for it. As wall-clock timers those ids came due on every punctuation and
 * were rewritten, each rewrite a changelog record under exactly-once, until the stream thread did
 * little else and the check fell behind for good. In the read-past index they cost nothing until
 * the streams have been read far enough.
 */
final class CheckProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(CheckProcessor.class);
    /** At most this many due ids (of each index) per punctuation, so that a burst cannot stall the stream thread. */
    private static final int MAX_DUE_PER_PUNCTUATION = 5_000;
    private static final int MAX_REASON_LENGTH = 300;
    private static final String PENDING_KEY = "pending";

    private final CheckTopics topics;
    private final VerdictTracker tracker;
    private final CheckStats stats;
    private final Duration punctuateInterval;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, KeyState> keys;
    private TimeIndex timers;
    private TimeIndex readPast;
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
        timers = new TimeIndex(context.getStateStore(CheckTopology.TIMERS_STORE));
        readPast = new TimeIndex(context.getStateStore(CheckTopology.READ_PAST_STORE));
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
        // Timed by the progress' own clock: the context's system time is 0 until the task first processes.
        stats.progress().own(legacyPartition, metaValue(watermarkKey(Side.LEGACY), -1));
        stats.progress().own(enginePartition, metaValue(watermarkKey(Side.ENGINE), -1));
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
        if (event.isHeartbeat()) {
            // Its store and capture are alive up to its commit: a watermark, no token, no count, no latency.
            return;
        }

        String id = event.tokenId();
        KeyState before = keys.get(id);
        if (before == null) {
            before = KeyState.EMPTY;
        }
        SideState updated = before.side(side).apply(event);
        if (updated != before.side(side)) {
            apply(id, before, tracker.onChange(before.withSide(side, updated), now, event.committedAtMs()), now);
        }
        stats.event(side, event.committedAtMs() > 0 ? Math.max(0, now - event.committedAtMs()) : -1);
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
        if (!event.isHeartbeat() && !event.tokenId().equals(key)) {
            throw new IllegalArgumentException("the record key is not the event's token id");
        }
        return event;
    }

    private void settleDue(long now) {
        saveWatermark(Side.LEGACY, legacyPartition);
        saveWatermark(Side.ENGINE, enginePartition);
        settle(timers, now, KeyState::timerDueMs, now);
        long readBoth = Math.min(stats.progress().readPastMs(legacyPartition), stats.progress().readPastMs(enginePartition));
        settle(readPast, readBoth, KeyState::readPastMs, now);
    }

    /** The ids of {@code index} due by {@code untilMs}, to the tracker; entries their state no longer wants are dropped. */
    private void settle(TimeIndex index, long untilMs, ToLongFunction<KeyState> wantedAt, long now) {
        for (TimeIndex.Entry entry : index.due(untilMs, MAX_DUE_PER_PUNCTUATION)) {
            KeyState state = keys.get(entry.id());
            if (state == null || wantedAt.applyAsLong(state) != entry.atMs()) {
                index.delete(entry);
                continue;
            }
            apply(entry.id(), state, tracker.onTimer(state, now, this::bothStreamsReadPast), now);
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
        timers.move(id, before.timerDueMs(), after == null ? -1 : after.timerDueMs());
        readPast.move(id, before.readPastMs(), after == null ? -1 : after.readPastMs());
        if (before.phase() != (after == null ? KeyState.Phase.MATCH : after.phase())
                || !before.classification().equals(after == null ? Classification.MATCH : after.classification())) {
            counts.move(before, after);
            saveCounts(before, after);
        }
        switch (step.publication()) {
            case DIVERGENCE -> {
                Divergence divergence = divergenceOf(id, after);
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

    /** The settled divergence of {@code state}, as published on the divergence topic. */
    private static Divergence divergenceOf(String tokenId, KeyState state) {
        Classification c = state.classification();
        return new Divergence(tokenId, c.kind(), c.severity(), c.fields(), state.legacy().record(), state.engine().record(),
                Instant.ofEpochMilli(state.sinceMs()), Instant.ofEpochMilli(state.detectedAtMs()));
    }
}
