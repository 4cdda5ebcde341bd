package dev.tandem.stack;

import dev.tandem.stack.os.DirLock;
import dev.tandem.stack.os.Host;
import dev.tandem.stack.os.Packages;
import dev.tandem.stack.os.Reachability;
import dev.tandem.stack.server.KafkaBroker;
import dev.tandem.stack.server.MariaDb;
import dev.tandem.stack.server.Output;
import dev.tandem.stack.server.PortUse;
import dev.tandem.stack.server.Ports;
import dev.tandem.stack.server.Postgres;
import dev.tandem.stack.server.Server;
import dev.tandem.stack.server.StackLayout;
import dev.tandem.stack.server.StartFailure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The real servers Tandem runs against, as plain processes on 127.0.0.1 (no Docker): MariaDB (the legacy
 * store), PostgreSQL 15 (the new engine) and a single-node Kafka, all state in one directory. Used by
 * stack/stack.sh (and so ./tandem) and, in-process, by the test harness.
 */
public final class LocalStack {

    /** Another up or down on the same directory may take that long (a first up installs and downloads). */
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(15);

    private final Path dir;
    private final StackLayout layout;
    private final Output output;
    private final Requested requested;
    private final StackFiles.SavedPorts saved;
    private final List<Server> servers;

    /**
     * A stack in {@code dir} (made absolute) of the repository {@code repoRoot}. Ports given here win;
     * otherwise those of the last up in this directory, then the defaults. down and status thus need no
     * ports, and up refuses to move a running server to another port.
     */
    public LocalStack(Path repoRoot, Path dir, Requested requested, Output output) {
        this.dir = dir.toAbsolutePath().normalize();
        this.output = output;
        this.requested = requested;
        this.saved = StackFiles.savedPorts(this.dir);
        Ports ports = new Ports(requested.legacy().orElse(saved.legacy().orElse(Ports.DEFAULT_LEGACY)),
                requested.engine().orElse(saved.engine().orElse(Ports.DEFAULT_ENGINE)),
                requested.kafka().orElse(saved.kafka().orElse(Ports.DEFAULT_KAFKA)));
        this.layout = new StackLayout(this.dir, repoRoot.toAbsolutePath().normalize(), ports, output);
        this.servers = List.of(new MariaDb(layout), new Postgres(layout), new KafkaBroker(layout));
    }

    /** The ports asked for on the command line; each empty when not given. */
    public record Requested(OptionalInt legacy, OptionalInt engine, OptionalInt kafka) {

        public static Requested none() {
            return new Requested(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
        }

        public static Requested of(int legacy, int engine, int kafka) {
            return new Requested(OptionalInt.of(legacy), OptionalInt.of(engine), OptionalInt.of(kafka));
        }
    }

    public Path dir() {
        return dir;
    }

    public Ports ports() {
        return layout.ports();
    }

    /**
     * Starts whatever is not running yet (initializing data directories on first use), waits until each
     * server answers, and writes DIR/endpoints.env.
     *
     * @throws StackException when something could not start; what runs keeps running
     */
    public void up() {
        Packages.ensure(Postgres.bin(), message -> output.say("stack", message)).ifPresent(problem -> {
            throw new StackException(problem);
        });
        createDir();
        try (DirLock lock = lock()) {
            Reachability.problem(dir).ifPresent(problem -> {
                throw new StackException(problem);
            });
            long start = System.nanoTime();
            checkPortUnchanged(servers.get(0), "--legacy-port", requested.legacy(), saved.legacy());
            checkPortUnchanged(servers.get(1), "--engine-port", requested.engine(), saved.engine());
            checkPortUnchanged(servers.get(2), "--kafka-port", requested.kafka(), saved.kafka());
            List<Server> toStart = new ArrayList<>();
            for (Server server : servers) {
                Optional<Long> pid = server.running();
                if (pid.isPresent()) {
                    output.say(server.name(), "already running (pid " + pid.get() + "): " + server.endpoint());
                } else {
                    requireFreePorts(server);
                    toStart.add(server);
                }
            }
            StackFiles.writePorts(dir, layout.ports());
            List<String> failed = startInParallel(toStart);
            if (!failed.isEmpty()) {
                throw new StackException("up failed for: " + String.join(" ", failed) + " (logs under " + dir
                        + "; stop the rest with: stack/stack.sh down --dir " + dir + ")");
            }
            StackFiles.writeEndpoints(dir, layout.ports());
            output.say("stack", "all up in " + Output.secondsSince(start) + "s; endpoints in "
                    + StackFiles.endpointsFile(dir));
        }
    }

    /** Stops the servers by PID (graceful, SIGKILL after the timeout); data stays in DIR. */
    public void down() {
        if (!Files.isDirectory(dir)) {
            output.say("stack", "nothing to stop: " + dir + " does not exist");
            return;
        }
        try (DirLock lock = lock()) {
            try {
                Files.deleteIfExists(StackFiles.endpointsFile(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + StackFiles.endpointsFile(dir), e);
            }
            inParallel(servers, server -> {
                server.down();
                return true;
            });
        }
    }

    /** Says what runs; whether all three do. */
    public boolean status() {
        boolean all = true;
        for (Server server : servers) {
            Optional<Long> pid = server.running();
            if (pid.isPresent()) {
                output.say(server.name(), "running (pid " + pid.get() + "): " + server.endpoint());
            } else {
                output.say(server.name(), "stopped");
                all = false;
            }
        }
        return all;
    }

    private void createDir() {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            // The servers run as the mysql and postgres users when we are root: they must reach their dirs.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Test JVMs of parallel Maven modules may all call up at once. */
    private DirLock lock() {
        return DirLock.acquire(dir.resolve(".lock"), LOCK_TIMEOUT).orElseThrow(() -> new StackException(
                "another stack.sh holds " + dir.resolve(".lock") + " for more than 15 minutes"));
    }

    /** A running server keeps its port; asking for another one is an error rather than a silent no-op. */
    private void checkPortUnchanged(Server server, String option, OptionalInt requestedPort, OptionalInt savedPort) {
        if (server.running().isPresent() && requestedPort.isPresent() && savedPort.isPresent()
                && requestedPort.getAsInt() != savedPort.getAsInt()) {
            throw new StackException(server.name() + " already runs in " + dir + " on port " + savedPort.getAsInt()
                    + ", not " + requestedPort.getAsInt() + " (" + option + "): run down first");
        }
    }

    /** Fails with a hint when another process already listens where a server wants to, before anything starts. */
    private void requireFreePorts(Server server) {
        for (PortUse use : server.ports()) {
            if (Host.listening(use.port())) {
                throw new StackException(server.name() + ": port " + use.port() + " on 127.0.0.1 is already in use"
                        + " by another process (not this stack's); stop it or choose another port with " + use.option());
            }
        }
    }

    /** The servers start in parallel: each mostly waits on its own disk or JVM, and a cold up halves. */
    private List<String> startInParallel(List<Server> toStart) {
        List<Boolean> started = inParallel(toStart, this::start);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < toStart.size(); i++) {
            if (!started.get(i)) {
                failed.add(toStart.get(i).name());
            }
        }
        return failed;
    }

    /** One thread per server (the common pool may have a single thread on a small machine). */
    private static List<Boolean> inParallel(List<Server> targets, Function<Server, Boolean> action) {
        if (targets.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(targets.size());
        try {
            List<CompletableFuture<Boolean>> jobs = targets.stream()
                    .map(server -> CompletableFuture.supplyAsync(() -> action.apply(server), threads)).toList();
            return jobs.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }

    private boolean start(Server server) {
        try {
            server.up();
            return true;
        } catch (StartFailure failure) {
            output.say(server.name(), failure.getMessage());
            failure.log().ifPresent(output::showLogTail);
            return false;
        } catch (RuntimeException e) {
            output.say(server.name(), "failed: " + e.getMessage());
            return false;
        }
    }
}
