package dev.tandem.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The real servers a test runs against: MariaDB (legacy store), PostgreSQL (new engine) and Kafka.
 * One per JVM, obtained with {@link #get()} on first use. Found in this order:
 * <ol>
 *   <li>{@code endpoints-file}: the environment variable {@value #ENDPOINTS_ENV} or the system property
 *       {@value #ENDPOINTS_PROPERTY} names an {@code endpoints.env} (as {@code ./tandem test} does);
 *       the servers it lists are used as they are;</li>
 *   <li>{@code containers}: Docker answers, so Testcontainers starts the three servers;</li>
 *   <li>{@code local-processes}: {@code stack/stack.sh up} starts them (or finds them running) in
 *       {@code .tandem/test-stack} of the repository, on the test ports, and leaves them running for
 *       the next test JVM.</li>
 * </ol>
 * Tests that need isolation take a {@link #freshLegacyDatabase()} or {@link #freshEngineDatabase()}.
 */
public final class TestStack {

    /** Environment variable naming an endpoints.env file; wins over everything else. */
    public static final String ENDPOINTS_ENV = "TANDEM_TEST_ENDPOINTS";
    /** System property with the same meaning as {@value #ENDPOINTS_ENV}, which it overrides. */
    public static final String ENDPOINTS_PROPERTY = "tandemtest.endpoints";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestStack instance;
    private static RuntimeException startFailure;

    private final String mode;
    private final StackEndpoints endpoints;

    private TestStack(String mode, StackEndpoints endpoints) {
        this.mode = mode;
        this.endpoints = endpoints;
    }

    /**
     * The stack of this JVM, started or connected on the first call. A start that failed is not retried:
     * every later call fails at once with the same cause instead of waiting for another timeout.
     */
    public static synchronized TestStack get() {
        if (instance == null) {
            if (startFailure != null) {
                throw new IllegalStateException("the test stack failed to start earlier in this JVM", startFailure);
            }
            try {
                instance = resolve();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            // On stderr: a command built on the harness (bench snapshot -o json) keeps stdout for its result.
            System.err.println("[TestStack] " + instance);
        }
        return instance;
    }

    private static TestStack resolve() {
        Optional<Path> file = endpointsFileSetting();
        if (file.isPresent()) {
            return new TestStack("endpoints-file", EndpointsFile.read(file.get()));
        }
        if (ContainerStack.dockerAvailable()) {
            return new TestStack("containers", ContainerStack.start());
        }
        return new TestStack("local-processes", LocalProcessStack.start());
    }

    private static Optional<Path> endpointsFileSetting() {
        String value = System.getProperty(ENDPOINTS_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENDPOINTS_ENV);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** The legacy store's server, database {@code tandem_legacy}. */
    public DatabaseEndpoint legacy() {
        return endpoints.legacy();
    }

    /** The new engine's server, database {@code tandem_engine}. */
    public DatabaseEndpoint engine() {
        return endpoints.engine();
    }

    /** Kafka's {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        return endpoints.kafkaBootstrap();
    }

    /** A new, empty database on the legacy server, named {@code t_<random>}, unique across JVMs. */
    public DatabaseEndpoint freshLegacyDatabase() {
        return createDatabase(legacy());
    }

    /** A new, empty database on the engine server, named {@code t_<random>}, unique across JVMs. */
    public DatabaseEndpoint freshEngineDatabase() {
        return createDatabase(engine());
    }

    /** How the servers were found: {@code endpoints-file}, {@code containers} or {@code local-processes}. */
    public String mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "TestStack[" + mode + ": legacy " + legacy() + ", engine " + engine() + ", kafka " + kafkaBootstrap() + "]";
    }

    // Fresh databases are not dropped: they are cheap, and a failed test's data stays for a post-mortem.
    private static DatabaseEndpoint createDatabase(DatabaseEndpoint server) {
        String name = newDatabaseName();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + server, e);
        }
        return server.withDatabase(name);
    }

    /** 64 random bits: names from parallel JVMs do not collide, and fit MariaDB's and PostgreSQL's limits. */
    static String newDatabaseName() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "t_" + HexFormat.of().formatHex(bytes);
    }
}
