package dev.tandem.checker.cdc;

import dev.tandem.testing.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIGSTOP and SIGCONT of the local test stack's MariaDB or PostgreSQL: a server that stops answering
 * without closing a single connection, as a hung host or a frozen VM does. Only the servers of a
 * test stack of local processes (under {@code .tandem/test-stack}, on the ports the tests use) are
 * touched; with any other stack the test is skipped, and the dev stack is never a test's to pause.
 */
final class PausableServers {
    private static final long SIGNAL_TIMEOUT_SECONDS = 10;

    private final Path stackDir;

    private PausableServers(Path stackDir) {
        this.stackDir = stackDir;
    }

    /** The servers of the local test stack this JVM's {@link TestStack} points at. */
    static PausableServers local() {
        TestStack stack = TestStack.get();
        Path dir = stack.localDirectory().orElse(null);
        assumeTrue(dir != null && dir.endsWith(Path.of(".tandem", "test-stack")),
                "needs the local test stack's servers (mode " + stack.mode() + ", directory " + dir + ")");
        return new PausableServers(dir.normalize());
    }

    /** The MariaDB of the stack: one process, its threads stop with it. */
    List<Long> legacy() throws IOException {
        TestStack stack = TestStack.get();
        Path config = stackDir.resolve("mariadb/my.cnf");
        Path pidFile = stackDir.resolve("mariadb.pid");
        assumeTrue(Files.isReadable(pidFile) && Files.isReadable(config), "no MariaDB of a local stack in " + stackDir);
        assumeTrue(Files.readAllLines(config).contains("port=" + stack.legacy().port()),
                "the MariaDB in " + stackDir + " does not serve the test stack's legacy port " + stack.legacy().port());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        String command = ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("");
        assumeTrue(command.contains(config.toString()), "process " + pid + " is not the MariaDB of " + stackDir);
        return List.of(pid);
    }

    /** The PostgreSQL of the stack: the postmaster and every process it forked (backends, walsenders). */
    List<Long> engine() throws IOException {
        TestStack stack = TestStack.get();
        Path pidFile = stackDir.resolve("postgres/data/postmaster.pid");
        assumeTrue(Files.isReadable(pidFile), "no PostgreSQL of a local stack in " + stackDir);
        List<String> lines = Files.readAllLines(pidFile);
        assumeTrue(lines.size() > 3 && lines.get(3).strip().equals(Integer.toString(stack.engine().port())),
                "the PostgreSQL in " + stackDir + " does not serve the test stack's engine port " + stack.engine().port());
        long pid = Long.parseLong(lines.get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        assumeTrue(postmaster != null, "PostgreSQL " + pid + " of " + stackDir + " is not running");
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        postmaster.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    /** Stops every process of {@code pids}; the first (the server's main process) must be stopped afterwards. */
    static void pause(List<Long> pids) throws Exception {
        signal("STOP", pids);
        await("process " + pids.get(0) + " stopped").atMost(Duration.ofSeconds(SIGNAL_TIMEOUT_SECONDS))
                .until(() -> state(pids.get(0)).equals("T"));
    }

    static void resume(List<Long> pids) throws Exception {
        signal("CONT", pids);
        await("process " + pids.get(0) + " running again").atMost(Duration.ofSeconds(SIGNAL_TIMEOUT_SECONDS))
                .until(() -> !state(pids.get(0)).equals("T"));
    }

    /** {@code kill -9} of a server's main process (a crash, not a pause); returns once it has exited. */
    static void crash(long pid) throws Exception {
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is not running"));
        signal("KILL", List.of(pid));
        assertThat(server.onExit().get(SIGNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    /** Starts whatever of the test stack is not running, and waits until it answers. */
    void startStack() {
        TestStack.get().startStoppedServers();
    }

    /**
     * One {@code kill} for all: a backend that ended meanwhile makes it answer non-zero for that pid
     * only, so the outcome is read from the main process's state instead.
     */
    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, "--"));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        assertThat(process.waitFor(SIGNAL_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    }

    /** The process state letter of {@code /proc/<pid>/stat}: {@code T} when stopped. */
    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
    }
}
