package dev.tandem.checker.verdict;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import org.apache.kafka.streams.processor.TaskId;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * The numbers of one checker instance: events and dead letters per store, pending and settled
 * counts summed over the tasks it runs, stream progress, and the commit-to-verdict latency feed.
 * Shared by the stream thread, the status publisher and the metrics.
 */
public final class CheckStats {
    private final Map<Side, LongAdder> events = new EnumMap<>(Side.class);
    private final Map<Side, LongAdder> deadLetters = new EnumMap<>(Side.class);
    private final Map<TaskId, TaskCounts> tasks = new ConcurrentHashMap<>();
    private final List<ObjLongConsumer<Side>> latencyListeners = new CopyOnWriteArrayList<>();
    private final StreamProgress progress;

    /** With the default heartbeat interval and the system clock. */
    public CheckStats(CheckTopics topics) {
        this(topics, CheckerConfig.DEFAULT_CDC_HEARTBEAT_INTERVAL_MS, System::currentTimeMillis);
    }

    /**
     * @param heartbeatIntervalMs how often the captures publish heartbeats ({@link StreamProgress} needs it for lag)
     * @param clock               the wall clock, in epoch milliseconds
     */
    public CheckStats(CheckTopics topics, long heartbeatIntervalMs, LongSupplier clock) {
        for (Side side : Side.values()) {
            events.put(side, new LongAdder());
            deadLetters.put(side, new LongAdder());
        }
        this.progress = new StreamProgress(topics, heartbeatIntervalMs, clock);
    }

    public StreamProgress progress() {
        return progress;
    }

    public long events(Side side) {
        return events.get(side).sum();
    }

    public long deadLetters(Side side) {
        return deadLetters.get(side).sum();
    }

    public long pending() {
        return tasks.values().stream().mapToLong(TaskCounts::pending).sum();
    }

    public long settled(Severity severity, VerdictKind kind) {
        return tasks.values().stream().mapToLong(counts -> counts.settled(severity, kind)).sum();
    }

    public long settled(Severity severity) {
        long sum = 0;
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            sum += settled(severity, kind);
        }
        return sum;
    }

    public long settled(VerdictKind kind) {
        long sum = 0;
        for (Severity severity : Severity.values()) {
            sum += settled(severity, kind);
        }
        return sum;
    }

    /**
     * Receives, per event processed, the milliseconds from its source commit to its verdict; not for an
     * event without a commit time.
     */
    public void onVerdictLatency(ObjLongConsumer<Side> listener) {
        latencyListeners.add(listener);
    }

    /** @param commitToVerdictMs negative when the event has no commit time: counted, no latency */
    void event(Side side, long commitToVerdictMs) {
        events.get(side).increment();
        if (commitToVerdictMs < 0) {
            return;
        }
        for (ObjLongConsumer<Side> listener : latencyListeners) {
            listener.accept(side, commitToVerdictMs);
        }
    }

    void deadLetter(Side side) {
        deadLetters.get(side).increment();
    }

    void register(TaskId task, TaskCounts counts) {
        tasks.put(task, counts);
    }

    void unregister(TaskId task) {
        tasks.remove(task);
    }
}
