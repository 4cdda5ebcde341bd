package dev.tandem.stack.server;

import dev.tandem.stack.os.Poll;
import dev.tandem.stack.os.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One server of the stack: started on first use with its data initialized, found by its PID file, and
 * stopped by PID (its graceful signal, SIGKILL after the stop timeout). Subclasses say how each server
 * is initialized, started and asked whether it is ready.
 */
public abstract class Server {

    /** TANDEM_STOP_TIMEOUT_SECONDS overrides it. */
    private static final int DEFAULT_STOP_TIMEOUT_SECONDS = 30;

    protected final StackLayout layout;

    protected Server(StackLayout layout) {
        this.layout = layout;
    }

    /** The name in messages, PID file and log directory. */
    public abstract String name();

    /** Where it listens, to check before anything is initialized or started. */
    public abstract List<PortUse> ports();

    /** What clients connect to, as shown by up and status. */
    public abstract String endpoint();

    /** Initializes what is missing, starts the server and returns once it answers. */
    public abstract void up() throws StartFailure;

    /** A path that the server's command line names: only a process naming it is this stack's. */
    protected abstract String marker();

    /** Asks process {@code pid} to stop gracefully: SIGTERM unless the server wants another signal. */
    protected void signalStop(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }

    /** The graceful signal's name, for the message when it was not enough. */
    protected String stopSignalName() {
        return "TERM";
    }

    public final Optional<Long> running() {
        return Processes.livePid(layout.pidFile(name()), marker());
    }

    public final void down() {
        Path pidFile = layout.pidFile(name());
        Optional<Long> running = running();
        if (running.isEmpty()) {
            deleteIfExists(pidFile);
            say("not running");
            return;
        }
        long pid = running.get();
        long start = System.nanoTime();
        signalStop(pid);
        int timeout = stopTimeoutSeconds();
        if (Poll.until(Duration.ofSeconds(timeout), () -> !Processes.alive(pid))) {
            say("stopped (pid " + pid + ", " + Output.secondsSince(start) + "s)");
        } else {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            say("did not stop within " + timeout + "s after SIG" + stopSignalName() + ": killed (pid " + pid + ")");
        }
        deleteIfExists(pidFile);
    }

    protected final void say(String message) {
        layout.output().say(name(), message);
    }

    /**
     * Polls {@code ready} until it holds, the process {@code pid} dies, or {@code seconds} pass; the two
     * failures are a {@link StartFailure} showing {@code log}.
     */
    protected final void awaitReady(int seconds, long pid, Path log, BooleanSupplier ready) throws StartFailure {
        boolean[] died = new boolean[1];
        boolean done = Poll.until(Duration.ofSeconds(seconds), () -> {
            if (ready.getAsBoolean()) {
                return true;
            }
            died[0] = !Processes.alive(pid);
            return died[0];
        });
        if (died[0]) {
            throw new StartFailure("exited during start-up", log);
        }
        if (!done) {
            throw new StartFailure("not ready after " + seconds + "s", log);
        }
    }

    static int stopTimeoutSeconds() {
        String configured = System.getenv("TANDEM_STOP_TIMEOUT_SECONDS");
        return configured != null && configured.matches("[0-9]{1,5}") ? Integer.parseInt(configured)
                : DEFAULT_STOP_TIMEOUT_SECONDS;
    }

    static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    static void createLog(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
