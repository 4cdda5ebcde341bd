package dev.tandem.checker.verdict;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.checker.CheckerMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code CheckerMain --roles check} in a JVM of its own, configured through the environment, its log in a file. */
final class CheckProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private CheckProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static CheckProcess start(Map<String, String> settings, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams=info",
                "-cp", System.getProperty("java.class.path"),
                CheckerMain.class.getName(), "--roles", CheckerConfig.ROLE_CHECK));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        settings.forEach((key, value) -> builder.environment().put(CheckerConfig.envName(key), value));
        try {
            return new CheckProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no commit, no flush. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
