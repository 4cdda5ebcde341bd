package dev.tandem.orchestrator.checker;

import dev.tandem.testing.CheckerProcess;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The real checker process (the built consistency-checker module, in its own JVM) pointed at the
 * running test application's databases and topics, with a short grace window. Started after the
 * application, whose Flyway creates the engine table the capture needs. One state directory for the
 * class, so a restarted checker resumes where the killed one stopped.
 */
final class CheckerUnderTest implements AutoCloseable {
    /** Short, so that a divergence settles well within the 5 s the tests allow. */
    static final String GRACE_MS = "500";

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Path log;
    private final String slot;
    private final String engineUrl;
    private final String engineUser;
    private final String enginePassword;
    private CheckerProcess process;

    CheckerUnderTest() {
        Config config = ConfigProvider.getConfig();
        String unique = config.getValue(CheckerStackResource.UNIQUE, String.class);
        slot = "t_" + unique;
        engineUrl = config.getValue("quarkus.datasource.jdbc.url", String.class);
        engineUser = config.getValue("quarkus.datasource.username", String.class);
        enginePassword = config.getValue("quarkus.datasource.password", String.class);
        URI engine = URI.create(engineUrl.substring("jdbc:".length()));
        Path state;
        try {
            state = Files.createDirectories(Path.of("target", "checker-state", unique)).toAbsolutePath();
            log = Files.createDirectories(Path.of("target", "checkers")).resolve(unique + ".log").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("tandem.checker.instance-id", "test-" + unique);
        settings.put("tandem.checker.state-dir", state.toString());
        settings.put("tandem.checker.kafka.bootstrap-servers", config.getValue("kafka.bootstrap.servers", String.class));
        settings.put("tandem.checker.topic.partitions", "3");
        settings.put("tandem.checker.topic.legacy-changes", "t." + unique + ".changes.legacy");
        settings.put("tandem.checker.topic.engine-changes", "t." + unique + ".changes.engine");
        settings.put("tandem.checker.topic.dead-letter", "t." + unique + ".changes.dead-letter");
        settings.put("tandem.checker.topic.divergence", config.getValue("tandem.checker.topic.divergence", String.class));
        settings.put("tandem.checker.topic.status", config.getValue("tandem.checker.topic.status", String.class));
        settings.put("tandem.checker.legacy.host", config.getValue("tandem.legacy.host", String.class));
        settings.put("tandem.checker.legacy.port", config.getValue("tandem.legacy.port", String.class));
        settings.put("tandem.checker.legacy.database", config.getValue("tandem.legacy.database", String.class));
        settings.put("tandem.checker.legacy.user", config.getValue("tandem.legacy.user", String.class));
        settings.put("tandem.checker.legacy.password", config.getValue("tandem.legacy.password", String.class));
        // Parallel test JVMs read the same binlog: a shared server id would make MariaDB drop one reader.
        settings.put("tandem.checker.legacy.server-id", Long.toString(100_000 + (new SecureRandom().nextLong() & 0x7fff_ffffL)));
        settings.put("tandem.checker.legacy.server-name", "t-legacy-" + unique);
        settings.put("tandem.checker.engine.host", engine.getHost());
        settings.put("tandem.checker.engine.port", Integer.toString(engine.getPort()));
        settings.put("tandem.checker.engine.database", engine.getPath().substring(1));
        settings.put("tandem.checker.engine.user", engineUser);
        settings.put("tandem.checker.engine.password", enginePassword);
        settings.put("tandem.checker.engine.slot-name", slot);
        settings.put("tandem.checker.engine.publication-name", slot);
        settings.put("tandem.checker.engine.server-name", "t-engine-" + unique);
        settings.put("tandem.checker.check.application-id", "t-check-" + unique);
        settings.put("tandem.checker.grace-ms", GRACE_MS);
        settings.put("tandem.checker.cdc.offset-flush-interval-ms", "200");
        settings.put("tandem.checker.metrics-port", "0");
    }

    /** The grace window, for a test that needs a divergence to stay pending for a while. */
    synchronized CheckerUnderTest grace(Duration grace) {
        settings.put("tandem.checker.grace-ms", Long.toString(grace.toMillis()));
        return this;
    }

    /** Starts the process if it is not running, and waits until both captures stream. */
    synchronized CheckerUnderTest running() {
        if (process == null || !process.isAlive()) {
            process = CheckerProcess.start(CheckerProcess.moduleClassPath(), settings, "cdc,check", log);
            process.awaitCapturesStreaming();
        }
        return this;
    }

    /** {@code kill -9}: its last status stays on the topic, saying RUNNING. */
    synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    String log() {
        return process == null ? "" : process.log();
    }

    /** Stops the process and drops its replication slot, which would otherwise hold the server's WAL. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
        await("slot " + slot + " dropped").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection connection = DriverManager.getConnection(engineUrl, engineUser, enginePassword);
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
            }
            return true;
        });
    }
}
