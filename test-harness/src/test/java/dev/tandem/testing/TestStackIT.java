package dev.tandem.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stack this JVM got answers like the servers Tandem needs: right settings, fresh databases, a working broker. */
class TestStackIT {

    private final TestStack stack = TestStack.get();

    @Test
    void modeSaysHowTheServersWereFound() {
        assertThat(stack.mode()).isIn("endpoints-file", "containers", "local-processes");
        boolean endpointsFileGiven = System.getenv(TestStack.ENDPOINTS_ENV) != null
                || System.getProperty(TestStack.ENDPOINTS_PROPERTY) != null;
        if (endpointsFileGiven) {
            assertThat(stack.mode()).isEqualTo("endpoints-file");
        }
    }

    @Test
    void legacyServerWritesTheRowBinlogThatCdcReads() throws SQLException {
        assertThat(stack.legacy().database()).isEqualTo("tandem_legacy");
        try (Connection connection = stack.legacy().connect()) {
            assertThat(scalar(connection, "SELECT DATABASE()")).isEqualTo("tandem_legacy");
            assertThat(scalar(connection, "SELECT @@log_bin")).isEqualTo("1");
            assertThat(scalar(connection, "SELECT @@binlog_format")).isEqualTo("ROW");
            assertThat(scalar(connection, "SELECT @@binlog_row_image")).isEqualTo("FULL");
            assertThat(scalar(connection, "SELECT VERSION()")).startsWith("10.11");
        }
    }

    @Test
    void engineServerHasLogicalWalAndAReplicationUser() throws SQLException {
        assertThat(stack.engine().database()).isEqualTo("tandem_engine");
        try (Connection connection = stack.engine().connect()) {
            assertThat(scalar(connection, "SELECT current_database()")).isEqualTo("tandem_engine");
            assertThat(scalar(connection, "SHOW wal_level")).isEqualTo("logical");
            assertThat(scalar(connection, "SHOW server_version")).startsWith("15.");
            assertThat(scalar(connection, "SELECT rolreplication FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("t");
        }
    }

    @Test
    void freshLegacyDatabasesAreEmptyAndIsolatedFromEachOther() throws SQLException {
        DatabaseEndpoint first = stack.freshLegacyDatabase();
        DatabaseEndpoint second = stack.freshLegacyDatabase();

        assertThat(first.database()).isNotEqualTo(second.database()).startsWith("t_");
        assertThat(first.jdbcUrl()).startsWith("jdbc:mariadb://").endsWith("/" + first.database());
        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            assertThat(scalar(connection, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE()")).isEqualTo("0");
            statement.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO probe VALUES (1)");
        }
        try (Connection connection = second.connect()) {
            assertThat(scalar(connection, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE()")).isEqualTo("0");
        }
    }

    @Test
    void freshEngineDatabasesAreEmptyAndIsolatedFromEachOther() throws SQLException {
        DatabaseEndpoint first = stack.freshEngineDatabase();
        DatabaseEndpoint second = stack.freshEngineDatabase();

        assertThat(first.database()).isNotEqualTo(second.database()).startsWith("t_");
        assertThat(first.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + first.database());
        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            assertThat(scalar(connection, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public'")).isEqualTo("0");
            statement.execute("CREATE TABLE probe (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO probe VALUES (1)");
        }
        try (Connection connection = second.connect()) {
            assertThat(scalar(connection, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public'")).isEqualTo("0");
        }
    }

    @Test
    void kafkaDeliversAProducedRecordToANewConsumerGroup() throws Exception {
        String topic = "test-stack-" + UUID.randomUUID();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            // The topic does not exist yet: this also proves that the broker creates topics on first use.
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "token-id", "hello")).get(60, TimeUnit.SECONDS);
            assertThat(sent.offset()).isZero();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-stack-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                assertThat(received).hasSize(1);
            });
        }
        assertThat(received.get(0).key()).isEqualTo("token-id");
        assertThat(received.get(0).value()).isEqualTo("hello");
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s", sql).isTrue();
            return result.getString(1);
        }
    }
}
