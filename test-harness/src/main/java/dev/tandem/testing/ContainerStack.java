package dev.tandem.testing;

import dev.tandem.testing.DatabaseEndpoint.Flavor;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test stack in Docker containers, for machines where Docker answers. The servers get the
 * settings the local stack has (binlog in ROW format with full images, logical WAL, single-node
 * Kafka) and the same database names and login; Testcontainers removes them when the JVM exits.
 */
final class ContainerStack {

    static final String MARIADB_IMAGE = "mariadb:10.11";
    static final String POSTGRES_IMAGE = "postgres:15";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    static final String LEGACY_DB = "tandem_legacy";
    static final String ENGINE_DB = "tandem_engine";
    static final String USER = "tandem";
    static final String PASSWORD = "tandem";

    private ContainerStack() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper at JVM exit: one stack per JVM
    static StackEndpoints start() {
        MariaDBContainer mariadb = new MariaDBContainer(MARIADB_IMAGE)
                .withDatabaseName(LEGACY_DB)
                .withUsername(USER)
                .withPassword(PASSWORD)
                .withCommand("--server-id=1", "--log-bin=binlog", "--binlog-format=ROW",
                        "--binlog-row-image=FULL", "--character-set-server=utf8mb4", "--max-connections=500");
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(ENGINE_DB)
                .withUsername(USER)
                .withPassword(PASSWORD)
                // fsync=off is Testcontainers' own default, kept for speed: the WAL sender still ships flushed WAL.
                .withCommand("postgres", "-c", "fsync=off", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "max_connections=300");
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        Startables.deepStart(mariadb, postgres, kafka).join();

        DatabaseEndpoint legacy = new DatabaseEndpoint(Flavor.MARIADB, mariadb.getHost(),
                mariadb.getMappedPort(3306), LEGACY_DB, USER, PASSWORD);
        grantLegacyPrivileges(legacy.jdbcUrl(), mariadb.getPassword());
        // The image's POSTGRES_USER is a superuser with REPLICATION: it can create databases and slots.
        DatabaseEndpoint engine = new DatabaseEndpoint(Flavor.POSTGRESQL, postgres.getHost(),
                postgres.getMappedPort(5432), ENGINE_DB, USER, PASSWORD);
        return new StackEndpoints(legacy, engine, kafka.getBootstrapServers());
    }

    /** The image grants its user one database only; tests create databases and CDC reads the binlog. */
    private static void grantLegacyPrivileges(String jdbcUrl, String rootPassword) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "root", rootPassword);
             Statement statement = connection.createStatement()) {
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant privileges to " + USER + " on " + jdbcUrl, e);
        }
    }
}
