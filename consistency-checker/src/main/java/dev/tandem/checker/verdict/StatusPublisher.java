package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Publishes this instance's {@link CheckerStatus} at a fixed interval, and a last one when it stops. */
final class StatusPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String instance;
    private final CheckStats stats;
    private final Supplier<String> state;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "check-status");
        thread.setDaemon(true);
        return thread;
    });
    private long lastEvents;
    private long lastAtMs;
    private volatile double eventsPerSecond;

    StatusPublisher(KafkaProducer<String, byte[]> producer, String topic, String instance, CheckStats stats,
                    Supplier<String> state, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.instance = instance;
        this.stats = stats;
        this.state = state;
        this.clock = clock;
        this.lastAtMs = clock.millis();
    }

    void start(long intervalMs) {
        scheduler.scheduleAtFixedRate(() -> publish(state.get()), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The status as of now; also what {@code /admin/checker} of an embedding process would show. */
    CheckerStatus snapshot(String currentState) {
        long now = clock.millis();
        Map<Side, Long> lag = new EnumMap<>(Side.class);
        Map<Side, Long> perSide = new EnumMap<>(Side.class);
        Map<Side, Long> deadLetters = new EnumMap<>(Side.class);
        Map<Side, Long> watermarks = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            watermarks.put(side, stats.progress().watermarkMs(side));
            lag.put(side, stats.progress().lagMs(side, now));
            perSide.put(side, stats.events(side));
            deadLetters.put(side, stats.deadLetters(side));
        }
        Map<Severity, Long> settled = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            settled.put(severity, stats.settled(severity));
        }
        Map<VerdictKind, Long> byKind = new EnumMap<>(VerdictKind.class);
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            byKind.put(kind, stats.settled(kind));
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        stats.progress().owned().forEach(partition -> partitions.add(partition.partition()));
        return new CheckerStatus(instance, Instant.ofEpochMilli(now), currentState, lag, eventsPerSecond, perSide,
                stats.pending(), settled, byKind, deadLetters, partitions.stream().toList(), watermarks);
    }

    /** The rate over the last publishing interval, so that reading a snapshot in between does not shorten it. */
    private synchronized void measureRate() {
        long now = clock.millis();
        long events = stats.events(Side.LEGACY) + stats.events(Side.ENGINE);
        if (now > lastAtMs) {
            eventsPerSecond = (events - lastEvents) * 1000.0 / (now - lastAtMs);
        }
        lastEvents = events;
        lastAtMs = now;
    }

    private void publish(String currentState) {
        measureRate();
        try {
            producer.send(new ProducerRecord<>(topic, instance, snapshot(currentState).toJson()));
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the checker status: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        publish("STOPPED");
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
