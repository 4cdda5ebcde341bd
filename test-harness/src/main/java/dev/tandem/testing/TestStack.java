package dev.tandem.testing;

import dev.tandem.stack.LocalStack;

import java.nio.file.Files;
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
 *   <li>{@code local-processes}: the stack module starts them (or finds them running) in
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
    private final Optional<Path> localDirectory;

    private TestStack(String mode, StackEndpoints endpoints, Optional<Path> localDirectory) {
        this.mode = mode;
        this.endpoints = endpoints;
        this.localDirectory = localDirectory.map(dir -> dir.toAbsolutePath().normalize());
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
            // stack/stack.sh writes endpoints.env into the stack's own directory.
            return new TestStack("endpoints-file", EndpointsFile.read(file.get()),
                    Optional.ofNullable(file.get().toAbsolutePath().getParent()));
        }
        if (ContainerStack.dockerAvailable()) {
            return new TestStack("containers", ContainerStack.start(), Optional.empty());
        }
        return new TestStack("local-processes", LocalProcessStack.start(), Optional.of(LocalProcessStack.dir()));
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

    /**
     * The directory of the local servers behind this stack (their PID files, data and logs), for tests
     * that stop, pause or kill one; empty when containers run them, or when the endpoints file does not
     * sit in a stack directory.
     */
    public Optional<Path> localDirectory() {
        return localDirectory.filter(dir -> Files.isRegularFile(dir.resolve("ports.env")));
    }

    /**
     * Starts again what of the local servers does not run (a test stopped or killed one), on this
     * stack's ports, and waits until each answers.
     */
    public void startStoppedServers() {
        Path dir = localDirectory().orElseThrow(() -> new IllegalStateException(
                "no local servers behind this stack (mode " + mode + ")"));
        String bootstrap = kafkaBootstrap();
        LocalProcessStack.up(dir, legacy().port(), engine().port(),
                Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
    }

    /**
     * Servers of this repository's local stack in a directory of a test's own, on the ports asked for:
     * for a test that must stop a server without touching the shared stack's. Up and down are the test's.
     */
    public static LocalStack localStack(Path dir, LocalStack.Requested ports) {
        return LocalProcessStack.stack(dir, ports);
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
