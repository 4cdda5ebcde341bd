package dev.tandem.stack.cli;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.stack.LocalStack;
import dev.tandem.stack.server.Output;
import dev.tandem.stack.server.Ports;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stack/stack.sh up|down|status}: the local servers from the command line. Exit codes: 0 done,
 * 1 failed or refused, 2 usage, and 3 from status when not all three servers run.
 */
@Command(name = "stack/stack.sh", description = {"The real servers Tandem runs against, as plain processes on 127.0.0.1 (no Docker):",
                "MariaDB (the legacy store), PostgreSQL 15 (the new engine) and a single-node Kafka.",
                "Logs: DIR/mariadb/mariadb.log, DIR/postgres/postgres.log, DIR/kafka/kafka.log.",
                "As root, missing Debian packages are installed with apt-get."})
public final class StackMain implements Callable<Integer> {

    /** stack/stack.sh passes the repository root: the default state directory and the broker's pom are in it. */
    public static final String REPO_ROOT_PROPERTY = "tandem.repo.root";

    static final int NOT_ALL_RUNNING = 3;
    private static final int MIN_PORT = 1024;
    private static final int MAX_PORT = 65534;

    @Mixin
    HelpOption help;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** One run with {@code args}: its exit code; usage errors and help to {@code err} and {@code out}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return Commands.run("stack", new StackMain(), args, out, err);
    }

    @Override
    public Integer call() throws UsageException {
        throw new UsageException("missing command (valid: up, down, status)");
    }

    /** The options every command takes; a port not given is the one of the last up in DIR, else the default. */
    static final class StackOptions {
        @Option(names = "--dir", paramLabel = "DIR", description = "state directory: data, logs, PID files"
                + " (default: the repository's .tandem)")
        Path dir;

        @Option(names = "--legacy-port", paramLabel = "N", description = "MariaDB port (default " + Ports.DEFAULT_LEGACY + ")")
        Integer legacyPort;

        @Option(names = "--engine-port", paramLabel = "N", description = "PostgreSQL port (default " + Ports.DEFAULT_ENGINE + ")")
        Integer enginePort;

        @Option(names = "--kafka-port", paramLabel = "N", description = "Kafka port (default " + Ports.DEFAULT_KAFKA
                + "); the KRaft controller takes N+1")
        Integer kafkaPort;

        @Mixin
        HelpOption help;

        /** Runs {@code action} on the stack these options name: its answer, or 1 and the reason when it fails. */
        int on(ToIntFunction<LocalStack> action) throws UsageException {
            LocalStack.Requested requested = new LocalStack.Requested(port("--legacy-port", legacyPort),
                    port("--engine-port", enginePort), port("--kafka-port", kafkaPort));
            Path root = Path.of(System.getProperty(REPO_ROOT_PROPERTY, "")).toAbsolutePath().normalize();
            Path stateDir = dir != null ? dir : root.resolve(".tandem");
            return action.applyAsInt(new LocalStack(root, stateDir, requested,
                    new Output(System.out::println, System.err::println)));
        }

        private static OptionalInt port(String option, Integer port) throws UsageException {
            if (port == null) {
                return OptionalInt.empty();
            }
            if (port < MIN_PORT || port > MAX_PORT) {
                throw new UsageException("invalid " + option + " '" + port + "' (valid: a port number from "
                        + MIN_PORT + " to " + MAX_PORT + ")");
            }
            return OptionalInt.of(port);
        }
    }

    @Command(name = "up", description = {"Start whatever is not running yet (initializing data directories on first"
            + " use), wait until each server answers, print its endpoint and write DIR/endpoints.env."})
    int up(@Mixin StackOptions options) throws UsageException {
        return options.on(stack -> {
            stack.up();
            return Commands.DONE;
        });
    }

    @Command(name = "down", description = "Stop the servers by PID (graceful, SIGKILL after 30 s); data stays in DIR.")
    int down(@Mixin StackOptions options) throws UsageException {
        return options.on(stack -> {
            stack.down();
            return Commands.DONE;
        });
    }

    @Command(name = "status", description = "Show what runs; exit 0 if all three run, 3 otherwise.")
    int status(@Mixin StackOptions options) throws UsageException {
        return options.on(stack -> stack.status() ? Commands.DONE : NOT_ALL_RUNNING);
    }
}
