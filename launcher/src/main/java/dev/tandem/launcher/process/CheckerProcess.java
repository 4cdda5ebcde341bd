package dev.tandem.launcher.process;

import dev.tandem.launcher.Endpoints;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dev stack's one consistency checker (CDC of both stores and the streaming check,
 * {@code CheckerMain --roles cdc,check}), run from the built module as its tests run it and configured
 * through {@code TANDEM_CHECKER_*} variables; state in {@code STATE_DIR/checker}, log {@code checker.log}.
 */
public final class CheckerProcess {

    private static final String MAIN = "dev.tandem.checker.CheckerMain";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Home home;
    private final Output output;
    private final Path classes;
    private final Detached process;

    public CheckerProcess(Home home, Output output) {
        this.home = home;
        this.output = output;
        this.classes = home.module("consistency-checker", "target/classes");
        this.process = new Detached("checker", home.stateDir().resolve("checker.pid"), home.stateDir().resolve("checker.log"),
                List.of(classes.toString(), MAIN), output);
    }

    public Optional<Long> running() {
        return process.running();
    }

    /**
     * Starts the checker after the orchestrators (the engine capture needs the engine's table, which the
     * orchestrator's migrations create) and waits until both captures stream.
     */
    public void up(Endpoints e) {
        Optional<Long> pid = running();
        if (pid.isPresent()) {
            output.say("checker", "already running (pid " + pid.get() + "); log " + process.log());
            return;
        }
        Path classpathFile = home.module("consistency-checker", "target/runtime.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new LaunchException(classpathFile + " is missing: the build did not produce it");
        }
        long start = System.nanoTime();
        long logLength = length(process.log());
        Path state = home.stateDir().resolve("checker");
        List<String> command = new ArrayList<>(List.of(Orchestrators.java()));
        String options = home.env().getOrDefault("TANDEM_CHECKER_JAVA_OPTS", "-Xmx512m").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-cp", classes + ":" + read(classpathFile).strip(), MAIN, "--roles", "cdc,check"));
        process.start("./tandem up: checker", command, Map.ofEntries(
                Map.entry("TANDEM_CHECKER_STATE_DIR", state.toString()),
                Map.entry("TANDEM_CHECKER_KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrap()),
                Map.entry("TANDEM_CHECKER_LEGACY_HOST", e.legacyHost()),
                Map.entry("TANDEM_CHECKER_LEGACY_PORT", Integer.toString(e.legacyPort())),
                Map.entry("TANDEM_CHECKER_LEGACY_DATABASE", e.legacyDb()),
                Map.entry("TANDEM_CHECKER_LEGACY_USER", e.legacyUser()),
                Map.entry("TANDEM_CHECKER_LEGACY_PASSWORD", e.legacyPassword()),
                Map.entry("TANDEM_CHECKER_ENGINE_HOST", e.engineHost()),
                Map.entry("TANDEM_CHECKER_ENGINE_PORT", Integer.toString(e.enginePort())),
                Map.entry("TANDEM_CHECKER_ENGINE_DATABASE", e.engineDb()),
                Map.entry("TANDEM_CHECKER_ENGINE_USER", e.engineUser()),
                Map.entry("TANDEM_CHECKER_ENGINE_PASSWORD", e.enginePassword())));
        process.awaitReady(READY_TIMEOUT, () -> {
            String since = readFrom(process.log(), logLength);
            return since.contains("legacy capture streaming") && since.contains("engine capture streaming");
        });
        output.say("checker", "streaming in " + Output.secondsSince(start) + "s (pid " + running().orElse(-1L) + "); log "
                + process.log());
    }

    public void down() {
        process.stop();
    }

    public void status() {
        Optional<Long> pid = running();
        if (pid.isPresent()) {
            output.say("checker", "running (pid " + pid.get() + "): log " + process.log() + ", state "
                    + home.stateDir().resolve("checker"));
        } else {
            output.say("checker", process.stale() ? "stopped (stale PID file)" : "not running");
        }
    }

    private static long length(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What was appended to {@code file} after its first {@code offset} bytes: this start's lines only. */
    private static String readFrom(Path file, long offset) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(Math.min(offset, channel.size()));
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, channel.size() - channel.position()));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until the end as it was
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
