package dev.tandem.checker.verdict;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Side;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The check topology in a {@link TopologyTestDriver} with a mock wall clock: what the unit tests drive. */
final class CheckDriver implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final CheckTopics TOPICS = new CheckTopics("changes.legacy", "changes.engine", "changes.dead-letter",
            "divergence", "checker.status");

    /** How often the capture this driver plays would publish heartbeats. */
    static final long HEARTBEAT_INTERVAL_MS = 1_000;

    /** Timed by the mock wall clock, as the check is by the real one. */
    final CheckStats stats = new CheckStats(TOPICS, HEARTBEAT_INTERVAL_MS, () -> this.now);
    private final TopologyTestDriver driver;
    private final Map<Side, TestInputTopic<String, byte[]>> inputs = new EnumMap<>(Side.class);
    private final Map<Side, Long> piped = new EnumMap<>(Side.class);
    private final Map<Side, Long> unread = new EnumMap<>(Side.class);
    private final TestOutputTopic<String, byte[]> divergence;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final Map<String, Divergence> latest = new LinkedHashMap<>();
    private final List<TestRecord<String, byte[]>> published = new ArrayList<>();
    private long now;

    CheckDriver(long graceMs) {
        this(graceMs, START);
    }

    /** @param start the mock wall clock's first instant */
    CheckDriver(long graceMs, Instant start) {
        now = start.toEpochMilli();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "check-driver");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("check-driver").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        VerdictTracker tracker = new VerdictTracker(graceMs, Duration.ofHours(1).toMillis());
        driver = new TopologyTestDriver(CheckTopology.build(TOPICS, tracker, stats, Duration.ofMillis(200), false), props, start);
        for (Side side : Side.values()) {
            inputs.put(side, driver.createInputTopic(TOPICS.changes(side), Serdes.String().serializer(), Serdes.ByteArray().serializer()));
            piped.put(side, 0L);
            unread.put(side, 0L);
        }
        divergence = driver.createOutputTopic(TOPICS.divergence(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetter(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        publishEndOffsets();
    }

    long now() {
        return now;
    }

    void pipe(ChangeEvent event) {
        pipeRaw(Side.fromWireName(event.store()), event.tokenId(), ChangeEventCodec.encode(event));
    }

    /** A heartbeat of the side's capture, committed at {@code committedAtMs}. */
    void pipeHeartbeat(Side side, long committedAtMs) {
        pipeRaw(side, ChangeEvent.HEARTBEAT_KEY, ChangeEventCodec.encode(
                ChangeEvent.heartbeat(side.wireName(), committedAtMs, committedAtMs, null)));
    }

    void pipeRaw(Side side, String key, byte[] value) {
        inputs.get(side).pipeInput(key, value);
        piped.merge(side, 1L, Long::sum);
        publishEndOffsets();
    }

    /** Pretends that {@code count} more events sit in the side's topic, not yet read. */
    void unread(Side side, long count) {
        unread.put(side, count);
        publishEndOffsets();
    }

    void advance(long millis) {
        now += millis;
        driver.advanceWallClockTime(Duration.ofMillis(millis));
    }

    /** The latest value per id on the divergence topic (a tombstone removes the id). */
    Map<String, Divergence> divergences() {
        for (TestRecord<String, byte[]> record : divergence.readRecordsToList()) {
            published.add(record);
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), Divergence.fromJson(record.value()));
            }
        }
        return latest;
    }

    /** Every record the divergence topic received, tombstones included. */
    List<TestRecord<String, byte[]>> published() {
        divergences();
        return published;
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    KeyValueStore<String, KeyState> keys() {
        return driver.getKeyValueStore(CheckTopology.KEYS_STORE);
    }

    private void publishEndOffsets() {
        for (Side side : Side.values()) {
            stats.progress().endOffset(new TopicPartition(TOPICS.changes(side), 0), piped.get(side) + unread.get(side));
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
