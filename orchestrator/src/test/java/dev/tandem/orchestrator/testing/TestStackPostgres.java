package dev.tandem.orchestrator.testing;

import dev.tandem.testing.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Stops and starts the PostgreSQL of the local test stack, for tests of a lost engine: only a stack of local processes on the engine port the tests use; any other server is not a
 * test's to stop (the test is skipped then).
 */
public final class TestStackPostgres {
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    private static final Duration RESTART_LIMIT = Duration.ofMinutes(2);

    private final Path stackDir;

    private TestStackPostgres(Path stackDir) {
        this.stackDir = stackDir;
    }

    public static TestStackPostgres local() throws IOException {
        TestStack stack = TestStack.get();
        Path dir = stack.localDirectory().orElse(null);
        Path pid = dir == null ? null : dir.resolve("postgres/data/postmaster.pid");
        assumeTrue(pid != null && Files.isReadable(pid), "needs the local test stack's PostgreSQL (mode "
                + stack.mode() + ")");
        List<String> lines = Files.readAllLines(pid);
        assumeTrue(lines.size() > 3 && lines.get(3).strip().equals(Integer.toString(stack.engine().port())),
                "the PostgreSQL in " + dir + " does not serve the test stack's engine port " + stack.engine().port());
        return new TestStackPostgres(dir);
    }

    /**
     * {@code pg_ctl -m fast}: every connection is cut at once, as the mirror sees a dead server. Not
     * {@code immediate}: the crash recovery after it fsyncs the whole data directory, and the shared
     * test stack holds hundreds of fresh databases, so the restart took over 80 s here.
     */
    public void stop() throws Exception {
        run(List.of("runuser", "-u", "postgres", "--", PG_BIN + "/pg_ctl", "-D", stackDir.resolve("postgres/data").toString(),
                "-m", "fast", "-w", "stop"));
    }

    /**
     * {@code pg_ctl -m immediate}: a crash as PostgreSQL defines one (every process quits at once, no
     * checkpoint, crash recovery at the next start). That recovery fsyncs the whole data directory: the
     * more databases the stack holds, the longer {@link #start()} takes after it (see {@link #stop()}).
     */
    public void crash() throws Exception {
        run(List.of("runuser", "-u", "postgres", "--", PG_BIN + "/pg_ctl", "-D", stackDir.resolve("postgres/data").toString(),
                "-m", "immediate", "-w", "stop"));
    }

    /** Through the stack, which starts what is not running and waits until it answers. */
    public void start() throws Exception {
        TestStack stack = TestStack.get();
        stack.startStoppedServers();
        await("PostgreSQL accepts connections").atMost(RESTART_LIMIT).ignoreExceptions().until(() -> {
            try (Connection connection = stack.engine().connect()) {
                return connection.isValid(2);
            }
        });
    }

    private static void run(List<String> command) throws Exception {
        Path log = Files.createTempFile("checker-pg", ".log");
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
