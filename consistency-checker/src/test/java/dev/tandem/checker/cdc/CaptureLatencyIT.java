package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commit-to-topic latency of each capture at a steady write rate: from the moment the writing
 * statement starts to the moment the producer stamped the change event (its Kafka timestamp). The
 * figures are printed; the bound only catches a gross regression (Debezium's default 500 ms poll
 * interval would break it), since other builds share this machine's two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureLatencyIT {
    private static final int WRITES = 200;
    private static final long INTERVAL_MS = 20; // 50 writes/s
    private static final long P50_BOUND_MS = 400;

    private final RandomTokens random = new RandomTokens(System.nanoTime());
    /** When the write of each id started. */
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private CdcTestEnvironment env;
    private CdcRole role;
    private Mutiny.SessionFactory sessions;

    @BeforeAll
    void start() {
        env = new CdcTestEnvironment();
        role = new CdcRole(env.config(), new SimpleMeterRegistry());
        role.start();
        role.captures().forEach(CdcTestEnvironment::awaitStreaming);
        sessions = EngineSessionFactory.standalone(env.engine.jdbcUrl(), env.engine.user(), env.engine.password(), 2);
    }

    @AfterAll
    void stop() {
        role.close();
        sessions.close();
        env.close();
    }

    @Test
    void legacyChangesReachTheTopicWithinAFewPollIntervals() throws Exception {
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = env.legacyJdbc()) {
            List<Long> latencies = measure(env.legacyTopic(), i -> {
                String id = TokenId.hashOf("latency-" + i + "-" + UUID.randomUUID());
                started.put(id, System.currentTimeMillis());
                try {
                    LegacyRows.insertAsOldServer(connection, LegacyTable.ACCESS, id, "g", issuedAt, "web", "openid", "",
                            LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(600), "u"), "u", true);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            report("legacy", latencies);
        }
    }

    @Test
    void engineChangesReachTheTopicWithinAFewPollIntervals() throws Exception {
        EngineTokenStore store = new EngineTokenStore(sessions);
        List<Long> latencies = measure(env.engineTopic(), i -> {
            TokenRecord record = random.record(TokenKind.ACCESS_TOKEN);
            started.put(record.id(), System.currentTimeMillis());
            store.upsert(record).await().atMost(Duration.ofSeconds(10));
        });
        report("engine", latencies);
    }

    /** Runs {@code write} {@value #WRITES} times at a fixed rate while a consumer notes each event's timestamp. */
    private List<Long> measure(String topic, IntConsumer write) throws Exception {
        started.clear();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.config().getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG)),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger next = new AtomicInteger();
            ScheduledFuture<?> writes = writer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < WRITES) {
                    write.accept(i);
                }
            }, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
            Awaitility.await("an event for every write on " + topic).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                            ChangeEvent event = ChangeEventCodec.decode(record.value());
                            Long start = event.isHeartbeat() ? null : started.get(event.tokenId());
                            if (start != null) {
                                latencies.add(record.timestamp() - start);
                            }
                        });
                        return latencies.size() >= WRITES;
                    });
            writes.cancel(false);
            writer.shutdown();
        }
        return latencies;
    }

    private static void report(String store, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        System.out.printf("[CaptureLatency] %s: %d writes at %d/s, commit-to-topic p50 %d ms, p99 %d ms, max %d ms%n",
                store, sorted.size(), 1000 / INTERVAL_MS, p50, p99, sorted.get(sorted.size() - 1));
        assertThat(p50).as("%s commit-to-topic p50 in ms", store).isLessThan(P50_BOUND_MS);
    }
}
