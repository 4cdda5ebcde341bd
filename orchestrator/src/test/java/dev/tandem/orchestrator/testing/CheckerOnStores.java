package dev.tandem.orchestrator.testing;

import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.CheckerProcess;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The real checker as its own process ({@link CheckerProcess}) on one test's fresh databases and
 * topics, with a short grace, as {@code CheckerUnderTest} configures it for in-JVM tests; for tests
 * that run the orchestrator as separate JVMs too. {@link #feedTopics()} is what an orchestrator
 * instance needs to read its verdicts.
 */
public final class CheckerOnStores implements AutoCloseable {
    private static final Duration SLOT_DROPPED_WITHIN = Duration.ofSeconds(30);

    private final String unique;
    private final DatabaseEndpoint legacy;
    private final DatabaseEndpoint engine;
    private final String slot;
    private CheckerProcess process;

    /** {@code unique}: letters and digits that name this test's topics, slot and state directory. */
    public CheckerOnStores(String unique, DatabaseEndpoint legacy, DatabaseEndpoint engine) {
        this.unique = unique;
        this.legacy = legacy;
        this.engine = engine;
        this.slot = "t_" + unique;
    }

    /**
     * On fresh databases of the test stack (legacy with the old server's schema) and a fresh
     * random {@link #unique()}: what a test of orchestrator JVMs with a checker starts from.
     */
    public static CheckerOnStores onFreshStores() throws Exception {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return new CheckerOnStores(HexFormat.of().formatHex(bytes), legacy, stack.freshEngineDatabase());
    }

    /** Letters and digits naming this test's topics, slot and state directory; for its own names too. */
    public String unique() {
        return unique;
    }

    public DatabaseEndpoint legacy() {
        return legacy;
    }

    public DatabaseEndpoint engine() {
        return engine;
    }

    /** The topics an orchestrator reads the checker from, as {@code tandem.checker.topic.*} properties. */
    public Map<String, String> feedTopics() {
        return Map.of(
                "tandem.checker.topic.divergence", "t." + unique + ".divergence",
                "tandem.checker.topic.status", "t." + unique + ".checker.status",
                "tandem.checker.topic.legacy-changes", "t." + unique + ".changes.legacy");
    }

    /**
     * Starts the checker (capture and check) and waits until both captures stream. After the
     * orchestrator instances: their Flyway creates the engine table the capture needs.
     */
    public CheckerOnStores start() throws Exception {
        process = CheckerProcess.start(CheckerProcess.moduleClassPath(), settings(), "cdc,check",
                Files.createDirectories(Path.of("target", "checkers")).resolve(unique + ".log").toAbsolutePath());
        process.awaitCapturesStreaming();
        return this;
    }

    public CheckerProcess process() {
        return process;
    }

    /** Stops the checker and drops its replication slot, which would otherwise hold WAL on the shared server. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.close();
        await("slot " + slot + " dropped").atMost(SLOT_DROPPED_WITHIN).ignoreExceptions().until(() -> {
            try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
            }
            return true;
        });
    }

    private Map<String, String> settings() throws Exception {
        TestStack stack = TestStack.get();
        Map<String, String> settings = new LinkedHashMap<>(feedTopics());
        Path state = Files.createDirectories(Path.of("target", "checker-state", unique)).toAbsolutePath();
        settings.put("tandem.checker.instance-id", "test-" + unique);
        settings.put("tandem.checker.state-dir", state.toString());
        settings.put("tandem.checker.kafka.bootstrap-servers", stack.kafkaBootstrap());
        settings.put("tandem.checker.topic.partitions", "3");
        settings.put("tandem.checker.topic.engine-changes", "t." + unique + ".changes.engine");
        settings.put("tandem.checker.topic.dead-letter", "t." + unique + ".changes.dead-letter");
        settings.put("tandem.checker.legacy.host", legacy.host());
        settings.put("tandem.checker.legacy.port", Integer.toString(legacy.port()));
        settings.put("tandem.checker.legacy.database", legacy.database());
        settings.put("tandem.checker.legacy.user", legacy.user());
        settings.put("tandem.checker.legacy.password", legacy.password());
        // Parallel test JVMs read the same binlog: a shared server id would make MariaDB drop one reader.
        settings.put("tandem.checker.legacy.server-id", Long.toString(100_000 + (new SecureRandom().nextLong() & 0x7fff_ffffL)));
        settings.put("tandem.checker.legacy.server-name", "t-legacy-" + unique);
        settings.put("tandem.checker.engine.host", engine.host());
        settings.put("tandem.checker.engine.port", Integer.toString(engine.port()));
        settings.put("tandem.checker.engine.database", engine.database());
        settings.put("tandem.checker.engine.user", engine.user());
        settings.put("tandem.checker.engine.password", engine.password());
        settings.put("tandem.checker.engine.slot-name", slot);
        settings.put("tandem.checker.engine.publication-name", slot);
        settings.put("tandem.checker.engine.server-name", "t-engine-" + unique);
        settings.put("tandem.checker.check.application-id", "t-check-" + unique);
        settings.put("tandem.checker.grace-ms", "500");
        settings.put("tandem.checker.cdc.offset-flush-interval-ms", "200");
        settings.put("tandem.checker.metrics-port", "0");
        return settings;
    }
}
