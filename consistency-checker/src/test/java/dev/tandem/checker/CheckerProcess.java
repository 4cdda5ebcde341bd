package dev.tandem.checker;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link CheckerMain} in a JVM of its own, on this module's test class path, configured through the
 * environment as a deployment would be. Its stdout and stderr (the whole log) go to one file, which
 * the test reads: to know when the captures stream, and to look for secrets.
 */
public final class CheckerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;

    private CheckerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code CheckerMain --roles <roles>} with {@code settings}; output appended to {@code log}. */
    public static CheckerProcess start(Map<String, String> settings, String roles, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CheckerMain.class.getName(), "--roles", roles));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        settings.forEach((key, value) -> builder.environment().put(CheckerConfig.envName(key), value));
        try {
            return new CheckerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits until both captures report that they stream (their one INFO line each). */
    public CheckerProcess awaitCapturesStreaming() {
        Awaitility.await("checker process streaming, log " + log).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("checker process exited with " + process.exitValue() + "; log:\n" + log());
                    }
                    String text = log();
                    return text.contains("legacy capture streaming") && text.contains("engine capture streaming");
                });
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no offset flush, no producer close. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A normal stop (SIGTERM): the shutdown hook closes the roles. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
