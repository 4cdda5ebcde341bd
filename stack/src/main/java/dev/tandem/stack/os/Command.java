package dev.tandem.stack.os;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external command: an argument list (never a shell string), its output appended to a log file or
 * discarded, optional standard input, extra environment. Output goes to files rather than pipes: a
 * server that a command leaves behind (pg_ctl's postmaster) would hold a pipe open for ever.
 */
public final class Command {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private final List<String> arguments;
    private final Map<String, String> environment = new HashMap<>();
    private Path log;
    private String input;
    private boolean inheritErrors;

    private Command(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    public static Command of(String... arguments) {
        return new Command(List.of(arguments));
    }

    public static Command of(List<String> arguments) {
        return new Command(arguments);
    }

    /** The same command run as {@code user} when we are root ({@code runuser}), else as it is. */
    public Command asUserWhenRoot(String user) {
        if (!Host.isRoot()) {
            return this;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(arguments);
        Command command = new Command(wrapped);
        command.environment.putAll(environment);
        command.log = log;
        command.input = input;
        command.inheritErrors = inheritErrors;
        return command;
    }

    /** Standard output and error appended to {@code file}. */
    public Command appendingTo(Path file) {
        this.log = file;
        return this;
    }

    public Command withInput(String text) {
        this.input = text;
        return this;
    }

    public Command withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Standard error to ours (standard output is still discarded when there is no log). */
    public Command showingErrors() {
        this.inheritErrors = true;
        return this;
    }

    /** Whether the command ran and exited 0. */
    public boolean succeeds() {
        return run() == 0;
    }

    /** The exit code; a command that cannot start counts as 127, as in a shell. */
    public int run() {
        Process process;
        try {
            process = start();
        } catch (UncheckedIOException e) {
            return 127;
        }
        try {
            writeInput(process);
            if (!process.waitFor(DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return 124;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", arguments), e);
        }
    }

    /** Starts the command and returns at once; its standard input is empty unless {@link #withInput}. */
    public Process start() {
        ProcessBuilder builder = new ProcessBuilder(Host.resolved(arguments));
        builder.environment().put("PATH", Host.path());
        builder.environment().putAll(environment);
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.redirectError(inheritErrors ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        }
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", arguments), e);
        }
    }

    private void writeInput(Process process) {
        if (input == null) {
            return;
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited before reading all of it; its exit code says how it went.
        }
    }

    @Override
    public String toString() {
        return String.join(" ", arguments);
    }
}
