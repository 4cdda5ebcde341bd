package dev.tandem.launcher.process;

import dev.tandem.launcher.LaunchException;
import dev.tandem.stack.os.Poll;
import dev.tandem.stack.os.Processes;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One of Tandem's own long-running processes on this machine (an orchestrator instance, the checker),
 * detached as the servers of the stack are: its own session (Ctrl-C in the terminal that started it must
 * not reach it), no stdio of ours, its output appended to its log, found again by its PID file. Only a
 * live process whose command line names every marker is ours: PIDs are recycled.
 */
public final class Detached {

    /** TERM, then KILL after this. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path pidFile;
    private final Path log;
    private final String[] markers;
    private final Output output;

    public Detached(String name, Path pidFile, Path log, List<String> markers, Output output) {
        this.name = name;
        this.pidFile = pidFile;
        this.log = log;
        this.markers = markers.toArray(String[]::new);
        this.output = output;
    }

    public Optional<Long> running() {
        return Processes.livePid(pidFile, markers);
    }

    public Path log() {
        return log;
    }

    /** Whether a PID file is left of a process that no longer runs. */
    public boolean stale() {
        return Files.exists(pidFile) && running().isEmpty();
    }

    /** Starts {@code command} with {@code environment} added (passwords: never on a command line); answers its PID. */
    public long start(String why, List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + why + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        return Processes.spawn(pidFile, log, command, environment);
    }

    /** Stops it (SIGTERM, SIGKILL after {@link #STOP_TIMEOUT}) and says so; nothing when it does not run. */
    public void stop() {
        Optional<Long> running = running();
        if (running.isEmpty()) {
            deletePidFile();
            output.say(name, "not running");
            return;
        }
        long pid = running.get();
        long start = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (Poll.until(STOP_TIMEOUT, () -> running().isEmpty())) {
            output.say(name, "stopped (pid " + pid + ", " + Output.secondsSince(start) + "s)");
        } else {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            output.say(name, "did not stop within " + STOP_TIMEOUT.toSeconds() + "s after SIGTERM: killed (pid " + pid + ")");
        }
        deletePidFile();
    }

    /**
     * Waits until {@code ready} holds, the process dies, or {@code timeout} passes; the two failures are a
     * {@link LaunchException} after the log's last lines on stderr.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        boolean[] died = new boolean[1];
        boolean done = Poll.until(timeout, () -> {
            if (ready.getAsBoolean()) {
                return true;
            }
            died[0] = running().isEmpty();
            return died[0];
        });
        if (!done || died[0]) {
            output.showLogTail(log);
            throw new LaunchException(name + (died[0] ? " exited during start-up" : " not ready after "
                    + timeout.toSeconds() + "s") + "; see " + log);
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + pidFile, e);
        }
    }
}
