package dev.tandem.checker.verdict;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Side;
import dev.tandem.testing.TestStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check IT runs against: the test stack's broker, topic names, an application id and a state
 * directory of its own, a producer that plays the capture, and readers of the check's outputs.
 */
final class CheckEnvironment implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    final Map<String, String> settings = new LinkedHashMap<>();
    final Path stateDir;
    final String unique;
    private final KafkaProducer<String, byte[]> producer;

    CheckEnvironment() {
        try {
            stateDir = Files.createTempDirectory("tandem-check-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        unique = HexFormat.of().formatHex(bytes);
        String bootstrap = TestStack.get().kafkaBootstrap();
        settings.put(CheckerConfig.ROLES_CONFIG, CheckerConfig.ROLE_CHECK);
        settings.put(CheckerConfig.INSTANCE_ID_CONFIG, "check-" + unique);
        settings.put(CheckerConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(CheckerConfig.TOPIC_PARTITIONS_CONFIG, "3");
        settings.put(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG, "t." + unique + ".changes.legacy");
        settings.put(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG, "t." + unique + ".changes.engine");
        settings.put(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG, "t." + unique + ".changes.dead-letter");
        settings.put(CheckerConfig.DIVERGENCE_TOPIC_CONFIG, "t." + unique + ".divergence");
        settings.put(CheckerConfig.STATUS_TOPIC_CONFIG, "t." + unique + ".checker.status");
        settings.put(CheckerConfig.CHECK_APPLICATION_ID_CONFIG, "t-check-" + unique);
        settings.put(CheckerConfig.METRICS_PORT_CONFIG, "-1");
        // This environment plays the capture without heartbeats: a partition read to its end counts as
        // caught up for two hours after its last event (heartbeat-lag tests run real captures).
        settings.put(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG, "3600000");
        // Not idempotent: a burst of an idempotent producer into just-created partitions can wedge in
        // OutOfOrderSequenceException retries (seen on this broker). One request in flight keeps order.
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the topics as the check would, so that events sent before it starts land on the right partitions. */
    CheckEnvironment withTopics() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        settings.get(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG)))) {
            CheckTopicSetup.ensure(admin, new CheckTopics(topic(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG),
                    topic(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG), topic(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG),
                    topic(CheckerConfig.DIVERGENCE_TOPIC_CONFIG), topic(CheckerConfig.STATUS_TOPIC_CONFIG)),
                    Integer.parseInt(settings.get(CheckerConfig.TOPIC_PARTITIONS_CONFIG)), (short) 1);
        }
        return this;
    }

    CheckerConfig config() {
        return CheckerConfig.from(settings);
    }

    String topic(String key) {
        return settings.get(key);
    }

    /** Sends as the capture would: keyed by token id, to the event's store's topic. */
    void send(ChangeEvent event) {
        sendRaw(Side.fromWireName(event.store()), event.tokenId(), ChangeEventCodec.encode(event));
    }

    void sendRaw(Side side, String key, byte[] value) {
        String topic = topic(side == Side.LEGACY ? CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG : CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG);
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void flush() {
        producer.flush();
    }

    /** Every committed record of a topic, from its beginning to its end now. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in time");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** The divergence topic as a compacted view: the latest verdict per id, tombstones removing. */
    Map<String, Divergence> divergences() {
        Map<String, Divergence> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readAll(topic(CheckerConfig.DIVERGENCE_TOPIC_CONFIG))) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), Divergence.fromJson(record.value()));
            }
        }
        return latest;
    }

    /** The latest status record of each instance. */
    Map<String, CheckerStatus> statuses() {
        Map<String, CheckerStatus> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readAll(topic(CheckerConfig.STATUS_TOPIC_CONFIG))) {
            latest.put(record.key(), CheckerStatus.fromJson(record.value()));
        }
        return latest;
    }

    /** A verdict without its times, which depend on when the check ran: what two runs must agree on. */
    static Map<String, List<Object>> comparable(Map<String, Divergence> divergences) {
        Map<String, List<Object>> view = new HashMap<>();
        divergences.forEach((id, d) -> view.put(id, java.util.Arrays.asList(d.kind(), d.severity(), d.fields(), d.legacy(), d.engine())));
        return view;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
