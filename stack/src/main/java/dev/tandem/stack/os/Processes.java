package dev.tandem.stack.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Processes by PID, read from /proc, as the stack's PID files name them. */
public final class Processes {

    private Processes() {
    }

    /**
     * The PID in {@code pidFile} when it names a live process whose command line contains every one of
     * {@code markers}. PIDs are recycled after a reboot or a crash: only a process that names this stack's
     * files is ours.
     */
    public static Optional<Long> livePid(Path pidFile, String... markers) {
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty() || !alive(pid.get())) {
            return Optional.empty();
        }
        return commandLine(pid.get()).filter(line -> Arrays.stream(markers).allMatch(line::contains)).map(line -> pid.get());
    }

    /** The first line of {@code file} as a PID, when it is one. */
    public static Optional<Long> readPid(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file);
            String first = lines.isEmpty() ? "" : lines.get(0).strip();
            return first.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void writePid(Path file, long pid) {
        try {
            Files.writeString(file, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether the process exists and is not a zombie (exited, not yet reaped by its parent). */
    public static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ...": comm may hold spaces and parentheses, so the state follows the last ')'.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterName.startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The command line with its arguments separated by spaces. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts {@code command} in its own session (Ctrl-C in the terminal that ran {@code up} must not reach
     * a server), with no stdio of ours (output appended to {@code log}) and none of our descriptors (Java
     * closes them in the child, so a server never holds the stack lock), and writes its PID to
     * {@code pidFile}. The JVM's child is never a process group leader, so setsid execs without forking
     * and the PID is the server's.
     */
    public static long spawn(Path pidFile, Path log, List<String> command) {
        return spawn(pidFile, log, command, Map.of());
    }

    /** {@link #spawn(Path, Path, List)} with {@code environment} added to ours (passwords: never on a command line). */
    public static long spawn(Path pidFile, Path log, List<String> command, Map<String, String> environment) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + pidFile, e);
        }
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(Host.resolved(command));
        Command spawned = Command.of(detached).appendingTo(log);
        environment.forEach(spawned::withEnvironment);
        long pid = spawned.start().pid();
        writePid(pidFile, pid);
        return pid;
    }
}
