package dev.tandem.testing;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The consistency checker ({@code dev.tandem.checker.CheckerMain}) in a JVM of its own, configured
 * through the environment as a deployment would be ({@code tandem.checker.state-dir} is
 * {@code TANDEM_CHECKER_STATE_DIR}). Its stdout and stderr (the whole log) go to one file, which the
 * test reads: to know when the captures stream, and to look for secrets.
 *
 * <p>The class path is the caller's: the checker's own tests pass their own
 * ({@link #ownClassPath()}); other modules run the built module ({@link #moduleClassPath()}:
 * {@code consistency-checker/target/classes} plus the {@code runtime.classpath} written at package time).
 */
public final class CheckerProcess implements AutoCloseable {
    public static final String MAIN_CLASS = "dev.tandem.checker.CheckerMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final String MODULE_CLASSES = "consistency-checker/target/classes";
    static final String MODULE_CLASS_PATH_FILE = "consistency-checker/target/runtime.classpath";

    private final Process process;
    private final Path log;

    private CheckerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code CheckerMain --roles <roles>} on this JVM's class path; output appended to {@code log}. */
    public static CheckerProcess start(Map<String, String> settings, String roles, Path log) {
        return start(ownClassPath(), settings, roles, log);
    }

    /** Starts {@code CheckerMain --roles <roles>} on {@code classPath}; output appended to {@code log}. */
    public static CheckerProcess start(String classPath, Map<String, String> settings, String roles, Path log) {
        // A test's checker: a small heap, and the quick compiler that suits short runs.
        return start(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), classPath, settings, roles, log);
    }

    /** As {@link #start(String, Map, String, Path)}, with these JVM options (a benchmark runs it as deployed). */
    public static CheckerProcess start(List<String> jvmOptions, String classPath, Map<String, String> settings, String roles,
                                       Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, MAIN_CLASS, "--roles", roles));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        settings.forEach((key, value) -> builder.environment().put(envName(key), value));
        try {
            return new CheckerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + MAIN_CLASS, e);
        }
    }

    /** This JVM's class path: right for the checker module's own tests. */
    public static String ownClassPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * The built checker module of this repository, as {@code ./tandem up} runs it. Fails, saying what
     * to build, when {@code mvn package} has not run in {@code consistency-checker/}.
     */
    public static String moduleClassPath() {
        Path root = LocalProcessStack.repoRoot();
        Path classes = root.resolve(MODULE_CLASSES);
        Path dependencies = root.resolve(MODULE_CLASS_PATH_FILE);
        if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
            throw new IllegalStateException("no built checker at " + classes + " with " + dependencies
                    + ": run mvn package in consistency-checker/ first");
        }
        try {
            return classes + java.io.File.pathSeparator + Files.readString(dependencies, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable of a checker key, as the checker reads it: {@code a.b-c} is {@code A_B_C}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return log;
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
