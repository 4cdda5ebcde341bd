package dev.tandem.stack;

import dev.tandem.stack.os.Host;
import dev.tandem.stack.os.Processes;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stack's promises as a user of {@code stack/stack.sh} relies on them, against the real servers in a
 * directory of this test's own on free ports: up starts all three and writes their endpoints, a second up
 * leaves them as they are, a moved or taken port is refused before anything starts, down stops them and
 * keeps the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final List<String> SERVERS = List.of("mariadb", "postgres", "kafka");

    private final Path dir = Path.of("target", "local-stack-it").toAbsolutePath();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private LocalStack.Requested ports;

    @BeforeAll
    void freshDirectory() throws IOException {
        Host.deleteTree(dir);
        ports = LocalStack.Requested.of(freePort(false), freePort(false), freePort(true));
    }

    @AfterAll
    void stop() {
        stack(ports).down();
    }

    @Test
    @Order(1)
    void upStartsTheThreeServersAndWritesTheirEndpoints() throws IOException {
        stack(ports).up();

        Map<String, String> endpoints = Files.readAllLines(dir.resolve("endpoints.env")).stream()
                .map(line -> line.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(endpoints).containsEntry("LEGACY_PORT", Integer.toString(ports.legacy().getAsInt()))
                .containsEntry("ENGINE_PORT", Integer.toString(ports.engine().getAsInt()))
                .containsEntry("KAFKA_BOOTSTRAP", "127.0.0.1:" + ports.kafka().getAsInt());
        assertThat(List.of(ports.legacy().getAsInt(), ports.engine().getAsInt(), ports.kafka().getAsInt()))
                .allSatisfy(port -> assertThat(Host.listening(port)).as("port %d answers", port).isTrue());
        assertThat(SERVERS).allSatisfy(server -> assertThat(pid(server)).as(server).isPositive());
        assertThat(stack(LocalStack.Requested.none()).status()).isTrue();
    }

    @Test
    @Order(2)
    void aSecondUpLeavesTheRunningServersAsTheyAre() {
        List<Long> before = SERVERS.stream().map(this::pid).toList();
        lines.clear();

        stack(LocalStack.Requested.none()).up();

        assertThat(SERVERS.stream().map(this::pid).toList()).isEqualTo(before);
        assertThat(lines).filteredOn(line -> line.contains("already running")).hasSize(3);
    }

    @Test
    @Order(3)
    void askingToMoveARunningServerIsRefused() {
        int other = ports.legacy().getAsInt() + 7;
        LocalStack.Requested moved = LocalStack.Requested.of(other, ports.engine().getAsInt(), ports.kafka().getAsInt());

        assertThatThrownBy(() -> stack(moved).up()).isInstanceOf(StackException.class)
                .hasMessageContaining("mariadb already runs in " + dir + " on port " + ports.legacy().getAsInt())
                .hasMessageContaining("run down first");
    }

    @Test
    @Order(4)
    void aPortTakenByAnotherProcessIsRefusedBeforeAnythingStarts() throws IOException {
        Path other = dir.resolveSibling("local-stack-it-taken");
        Host.deleteTree(other);
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack taken = new LocalStack(repoRoot(), other, LocalStack.Requested.of(freePort(false),
                    squatter.getLocalPort(), freePort(true)), output());

            assertThatThrownBy(taken::up).isInstanceOf(StackException.class)
                    .hasMessageContaining("postgres: port " + squatter.getLocalPort() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("--engine-port");
            assertThat(SERVERS).allSatisfy(server -> assertThat(Files.exists(other.resolve(server + ".pid")))
                    .as("%s was not started", server).isFalse());
        }
    }

    @Test
    @Order(5)
    void downStopsEveryServerAndKeepsTheData() {
        List<Long> pids = SERVERS.stream().map(this::pid).toList();

        stack(LocalStack.Requested.none()).down();

        assertThat(pids).allSatisfy(pid -> assertThat(Processes.alive(pid)).as("pid %d", pid).isFalse());
        assertThat(Host.listening(ports.engine().getAsInt())).isFalse();
        assertThat(stack(LocalStack.Requested.none()).status()).isFalse();
        assertThat(dir.resolve("postgres/data/PG_VERSION")).exists();
        assertThat(dir.resolve("endpoints.env")).doesNotExist();
    }

    private LocalStack stack(LocalStack.Requested requested) {
        return new LocalStack(repoRoot(), dir, requested, output());
    }

    private Output output() {
        return new Output(line -> {
            lines.add(line);
            System.out.println("[LocalStackIT] " + line);
        }, line -> System.out.println("[LocalStackIT] " + line));
    }

    private long pid(String server) {
        return Processes.readPid(dir.resolve(server + ".pid")).filter(Processes::alive).orElse(-1L);
    }

    /** Failsafe runs the tests in the module's directory; the repository is its parent. */
    private static Path repoRoot() {
        return Path.of(System.getProperty("tandemtest.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** A free port; with {@code pair}, one whose successor is free too (Kafka's controller takes it). */
    private static int freePort(boolean pair) throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (!pair) {
                return port;
            }
            if (port < 65000) {
                try (ServerSocket next = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
    }
}
