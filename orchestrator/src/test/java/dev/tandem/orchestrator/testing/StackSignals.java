package dev.tandem.orchestrator.testing;

import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real signals to the servers of the local test stack: SIGSTOP and SIGCONT to every process of its
 * PostgreSQL (a server that hangs: connections stay open, nothing answers), and {@code kill -9} of its
 * MariaDB (a crash), started again through the stack script. Only a stack of local processes is a
 * test's to signal; any other server skips the test. The servers are shared by every test of the
 * JVM: a caller resumes or restarts what it signalled in a {@code finally}.
 */
public final class StackSignals {
    private static final Duration RESTART_LIMIT = Duration.ofMinutes(2);

    private final Path stackDir;

    private StackSignals(Path stackDir) {
        this.stackDir = stackDir;
    }

    /** The local test stack's servers; skips the test when the stack is not local processes. */
    public static StackSignals local() {
        TestStack stack = TestStack.get();
        Path dir = stack.localDirectory().orElse(null);
        assumeTrue(dir != null && Files.isReadable(dir.resolve("postgres/data/postmaster.pid"))
                && Files.isReadable(dir.resolve("mariadb.pid")), "needs the local test stack's servers (mode " + stack.mode() + ")");
        return new StackSignals(dir);
    }

    /**
     * SIGSTOP to the postmaster, then to every backend and worker under it: each statement in flight
     * waits, a new connection waits, until {@link #resumePostgres()}.
     */
    public void pausePostgres() throws Exception {
        long postmaster = postmasterPid();
        signal("STOP", List.of(postmaster));
        // Stopped first, the postmaster forks no backend between this listing and its signal.
        signal("STOP", ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList());
    }

    /** SIGCONT to the postmaster and everything under it; harmless when nothing is stopped. */
    public void resumePostgres() throws Exception {
        long postmaster = postmasterPid();
        List<Long> pids = new ArrayList<>(ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList());
        pids.add(postmaster);
        signal("CONT", pids);
        TestStack stack = TestStack.get();
        awaitAnswers(stack.engine());
    }

    /** {@code kill -9} of mariadbd, by the pid the stack recorded; returns once it is gone. */
    public void crashMariadb() throws Exception {
        long pid = Long.parseLong(Files.readString(stackDir.resolve("mariadb.pid")).strip());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("mariadbd " + pid + " is not running"));
        signal("KILL", List.of(pid));
        server.onExit().get(RESTART_LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts whatever of the stack is not running, and waits until MariaDB answers. */
    public void startMariadb() throws Exception {
        TestStack stack = TestStack.get();
        stack.startStoppedServers();
        awaitAnswers(stack.legacy());
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(stackDir.resolve("postgres/data/postmaster.pid")).get(0).strip());
    }

    private static void awaitAnswers(DatabaseEndpoint server) {
        await(server + " accepts connections").atMost(RESTART_LIMIT).ignoreExceptions().until(() -> {
            try (Connection connection = server.connect()) {
                return connection.isValid(2);
            }
        });
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        // A backend may exit between the listing and the signal: kill then fails for that pid only.
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor(10, TimeUnit.SECONDS);
    }

    private static void run(List<String> command) throws Exception {
        Path log = Files.createTempFile("stack-signals", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            assertThat(process.waitFor(RESTART_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, Files.readString(log)).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
