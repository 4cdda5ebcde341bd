package dev.tandem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One orchestrator instance as its own JVM, started from the packaged application
 * ({@code orchestrator/target/quarkus-app/quarkus-run.jar}, built by {@code mvn package}) with
 * configuration given as system properties. Tests use it to run several instances against the
 * same stores and to stop, kill and restart them as an operator would.
 *
 * <p>Its output goes to {@code target/orchestrators/<name>.log} under the working directory,
 * appended across restarts. {@link #start()} returns once {@code /q/health/ready} answers UP
 * (the instance has replayed the control log and reached its stores), or fails with the log's tail.
 */
public final class OrchestratorProcess implements AutoCloseable {
    /** A first start on a busy 2-core machine takes a few seconds; this bounds a start that hangs. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    public static final String MAX_HEAP = "256m";
    static final String JAR = "orchestrator/target/quarkus-app/quarkus-run.jar";
    private static final int LOG_TAIL_LINES = 60;

    private final String name;
    private final Path jar;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final Map<String, String> properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private OrchestratorProcess(Builder builder) {
        this.name = builder.name;
        this.jar = builder.jar != null ? builder.jar : LocalProcessStack.repoRoot().resolve(JAR);
        this.log = Path.of("target", "orchestrators", name + ".log").toAbsolutePath();
        this.httpPort = builder.httpPort != 0 ? builder.httpPort : freePort();
        this.managementPort = builder.managementPort != 0 ? builder.managementPort : freePort();
        Map<String, String> all = new LinkedHashMap<>(builder.properties);
        all.put("quarkus.http.port", Integer.toString(httpPort));
        all.put("quarkus.management.port", Integer.toString(managementPort));
        this.properties = Map.copyOf(all);
    }

    /** An instance called {@code name} (used for its log file); configure it, then {@link Builder#build()}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Starts the JVM and waits until the instance is ready. Fails if it is running already. */
    public synchronized OrchestratorProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running already (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged orchestrator at " + jar + ": run mvn package in orchestrator/ first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + MAX_HEAP);
        command.add("-XX:+UseSerialGC");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + " (http " + httpPort
                    + ", management " + managementPort + ")\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(jar.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Process started = process;
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + started.exitValue()
                            + " before it was ready; the end of " + log + ":\n" + logTail());
                }
                return ready();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT.toSeconds() + " s; the end of "
                    + log + ":\n" + logTail(), e);
        }
        return this;
    }

    /** Stops gracefully (SIGTERM), and forcibly if it has not exited within {@link #STOP_TIMEOUT}. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the JVM at once ({@code kill -9}), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.destroyForcibly();
        handle.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Stops and starts again, on the same ports and with the same configuration. */
    public synchronized OrchestratorProcess restart() {
        stop();
        return start();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether {@code /q/health/ready} answers 200 right now. */
    public boolean ready() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    /** The token and admin API: {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Health and metrics: {@code http://127.0.0.1:<management port>}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    /** The last lines of the instance's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "OrchestratorProcess[" + name + ", " + url() + (isAlive() ? ", pid " + process.pid() : ", stopped") + "]";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Configuration of one instance; everything but the stores and Kafka has a default. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Path jar;
        private int httpPort;
        private int managementPort;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("invalid instance name '" + name + "' (valid: letters, digits, . _ -)");
            }
            this.name = name;
        }

        /** The token and admin API's port; a free one when not set. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** The health and metrics port; a free one when not set. */
        public Builder managementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** {@code tandem.node-id}: instances sharing stores need different ids. */
        public Builder nodeId(int nodeId) {
            return property("tandem.node-id", Integer.toString(nodeId));
        }

        /** The legacy MariaDB database. */
        public Builder legacy(DatabaseEndpoint legacy) {
            property("tandem.legacy.host", legacy.host());
            property("tandem.legacy.port", Integer.toString(legacy.port()));
            property("tandem.legacy.database", legacy.database());
            property("tandem.legacy.user", legacy.user());
            return property("tandem.legacy.password", legacy.password());
        }

        /** The engine's PostgreSQL database. */
        public Builder engine(DatabaseEndpoint engine) {
            String hostPortDb = engine.host() + ":" + engine.port() + "/" + engine.database();
            property("quarkus.datasource.reactive.url", "postgresql://" + hostPortDb);
            property("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPortDb);
            property("quarkus.datasource.username", engine.user());
            return property("quarkus.datasource.password", engine.password());
        }

        /** Kafka's {@code bootstrap.servers}. */
        public Builder kafka(String bootstrapServers) {
            return property("kafka.bootstrap.servers", bootstrapServers);
        }

        /** {@code tandem.control.topic}: instances of one migration share it. */
        public Builder controlTopic(String topic) {
            // Instances of one control log share one replay queue, and no other test's.
            properties.putIfAbsent("tandem.replay.topic", "tandem.replay.of-" + topic);
            return property("tandem.control.topic", topic);
        }

        /** The replay queue's topic (by default one per control topic). */
        public Builder replayTopic(String topic) {
            return property("tandem.replay.topic", topic);
        }

        /** {@code tandem.admin.tokens}: {@code name:role:sha256hex} entries, comma-separated. */
        public Builder adminTokens(String tokens) {
            return property("tandem.admin.tokens", tokens);
        }

        /** Any other configuration key. */
        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** The application to run; defaults to the repository's packaged orchestrator. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** The instance, not started yet. */
        public OrchestratorProcess build() {
            return new OrchestratorProcess(this);
        }
    }
}
