package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a capture test runs against: a fresh legacy database (schema and Tandem's migration) and a
 * fresh engine database (Flyway) on the test stack, topic names, slot and server names and a binlog
 * server id of its own, and a state directory. Nothing is shared with another test, so tests may
 * run in any order and in parallel JVMs.
 */
final class CdcTestEnvironment implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    final DatabaseEndpoint legacy;
    final DatabaseEndpoint engine;
    final Map<String, String> settings = new LinkedHashMap<>();
    final Path stateDir;
    final String slot;

    CdcTestEnvironment() {
        TestStack stack = TestStack.get();
        legacy = stack.freshLegacyDatabase();
        engine = stack.freshEngineDatabase();
        try (Connection connection = legacyJdbc()) {
            LegacySchema.create(connection);
            LegacyMigration.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up " + legacy, e);
        }
        EngineSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password());
        String unique = HexFormat.of().formatHex(randomBytes(6));
        try {
            // Under target/ (the module's working directory in tests): kept for a post-mortem, gone with mvn clean.
            stateDir = Files.createDirectories(Path.of("target", "cdc-state", unique)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        slot = "t_" + unique;
        settings.put(CheckerConfig.INSTANCE_ID_CONFIG, "test-" + unique);
        settings.put(CheckerConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        settings.put(CheckerConfig.TOPIC_PARTITIONS_CONFIG, "3");
        settings.put(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG, "t." + unique + ".changes.legacy");
        settings.put(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG, "t." + unique + ".changes.engine");
        settings.put(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG, "t." + unique + ".changes.dead-letter");
        settings.put(CheckerConfig.DIVERGENCE_TOPIC_CONFIG, "t." + unique + ".divergence");
        settings.put(CheckerConfig.STATUS_TOPIC_CONFIG, "t." + unique + ".checker.status");
        settings.put(CheckerConfig.LEGACY_HOST_CONFIG, legacy.host());
        settings.put(CheckerConfig.LEGACY_PORT_CONFIG, Integer.toString(legacy.port()));
        settings.put(CheckerConfig.LEGACY_DATABASE_CONFIG, legacy.database());
        settings.put(CheckerConfig.LEGACY_USER_CONFIG, legacy.user());
        settings.put(CheckerConfig.LEGACY_PASSWORD_CONFIG, legacy.password());
        // Parallel test JVMs read the same binlog: a shared server id would make MariaDB drop one reader.
        settings.put(CheckerConfig.LEGACY_SERVER_ID_CONFIG, Long.toString(100_000 + (RANDOM.nextLong() & 0x7fff_ffffL)));
        settings.put(CheckerConfig.LEGACY_SERVER_NAME_CONFIG, "t-legacy-" + unique);
        settings.put(CheckerConfig.ENGINE_HOST_CONFIG, engine.host());
        settings.put(CheckerConfig.ENGINE_PORT_CONFIG, Integer.toString(engine.port()));
        settings.put(CheckerConfig.ENGINE_DATABASE_CONFIG, engine.database());
        settings.put(CheckerConfig.ENGINE_USER_CONFIG, engine.user());
        settings.put(CheckerConfig.ENGINE_PASSWORD_CONFIG, engine.password());
        settings.put(CheckerConfig.ENGINE_SLOT_NAME_CONFIG, slot);
        settings.put(CheckerConfig.ENGINE_PUBLICATION_NAME_CONFIG, slot);
        settings.put(CheckerConfig.ENGINE_SERVER_NAME_CONFIG, "t-engine-" + unique);
        settings.put(CheckerConfig.CDC_OFFSET_FLUSH_INTERVAL_MS_CONFIG, "200");
        // Any free port: a checker of the dev stack or another test JVM may hold the default one.
        settings.put(CheckerConfig.METRICS_PORT_CONFIG, "0");
    }

    CheckerConfig config() {
        return CheckerConfig.from(settings);
    }

    String legacyTopic() {
        return settings.get(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG);
    }

    String engineTopic() {
        return settings.get(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG);
    }

    String deadLetterTopic() {
        return settings.get(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG);
    }

    /** A JDBC connection whose session runs in UTC, as the old server's did. */
    Connection legacyJdbc() throws SQLException {
        Connection connection = legacy.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return connection;
    }

    void legacySql(String sql, Object... parameters) {
        try (Connection connection = legacyJdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("legacy SQL failed: " + sql, e);
        }
    }

    /** A capture of one store over this environment, its meters in {@code registry}. */
    LegacyCapture legacyCapture(ChangePublisher publisher, SimpleMeterRegistry registry) {
        CheckerConfig config = config();
        CdcTopics.ensure(config);
        return new LegacyCapture(config, publisher, new CdcMetrics(registry, "legacy"), Clock.systemUTC());
    }

    EngineCapture engineCapture(ChangePublisher publisher, SimpleMeterRegistry registry) {
        CheckerConfig config = config();
        CdcTopics.ensure(config);
        return new EngineCapture(config, publisher, new CdcMetrics(registry, "engine"), Clock.systemUTC());
    }

    ChangePublisher publisher() {
        return new ChangePublisher(settings.get(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG), "test-publisher");
    }

    static void awaitStreaming(Capture capture) {
        Awaitility.await(capture.store() + " capture streaming").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(capture::isStreaming);
    }

    /** A consumer that reads whole topics from their beginning. */
    TopicReader reader() {
        return new TopicReader(settings.get(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * Drops the engine capture's slot once its walsender has let go of it: a slot outlives the
     * process and would hold the test server's WAL forever.
     */
    @Override
    public void close() {
        Awaitility.await("slot " + slot + " dropped").atMost(TIMEOUT).ignoreExceptions().until(() -> {
            try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
            }
            return true;
        });
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Reads every record of topics from the beginning; a fresh read each call, so it sees what is there now. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;

        TopicReader(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
        }

        List<ConsumerRecord<String, byte[]>> readAll(String topic) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }

        /** The change events of a topic, in offset order per partition; heartbeats left out. */
        List<ChangeEvent> events(String topic) {
            return readAll(topic).stream().map(record -> ChangeEventCodec.decode(record.value()))
                    .filter(event -> !event.isHeartbeat()).toList();
        }

        /** The heartbeats of a topic, in offset order per partition, with their partitions. */
        List<ConsumerRecord<String, byte[]>> heartbeats(String topic) {
            return readAll(topic).stream().filter(record -> ChangeEventCodec.decode(record.value()).isHeartbeat()).toList();
        }

        List<ChangeEvent> events(String topic, String tokenId) {
            return events(topic).stream().filter(event -> event.tokenId().equals(tokenId)).toList();
        }

        /** Waits until the events of {@code tokenId} satisfy {@code condition}, and answers them. */
        List<ChangeEvent> awaitEvents(String topic, String tokenId, Predicate<List<ChangeEvent>> condition) {
            return Awaitility.await("events of " + tokenId + " on " + topic).atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> events(topic, tokenId), condition);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
