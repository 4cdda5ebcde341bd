package dev.tandem.launcher.process;

import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.Endpoints;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.stack.os.DirLock;
import dev.tandem.stack.os.Host;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The orchestrator instances of the dev stack: instance i (1..N) on API port {@code firstApiPort + i - 1},
 * management port 1000 higher, node id i, PID in {@code orchestrator-PORT.pid}, log in
 * {@code orchestrator-PORT.log}. {@code endpoints.env} lists the running ones for the CLI.
 */
public final class Orchestrators {

    public static final int MAX_INSTANCES = 8;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern PID_FILE = Pattern.compile("orchestrator-([0-9]+)\\.pid");
    /** Extra settings are {@code key=value} words; a key of letters, digits and {@code ._-"}. */
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_.\"-]+=.*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Home home;
    private final Output output;
    private final Path jar;

    public Orchestrators(Home home, Output output) {
        this.home = home;
        this.output = output;
        this.jar = home.module("orchestrator", "target/quarkus-app/quarkus-run.jar");
    }

    /** A user's extra settings ({@code TANDEM_ORCHESTRATOR_PROPERTIES}), each passed as {@code -Dkey=value} after ours. */
    public static List<String> properties(String words) throws UsageException {
        List<String> properties = new ArrayList<>();
        for (String word : words.strip().isEmpty() ? new String[0] : words.strip().split("\\s+")) {
            if (!PROPERTY.matcher(word).matches()) {
                throw new UsageException("TANDEM_ORCHESTRATOR_PROPERTIES: '" + word
                        + "' is not key=value (valid: blank-separated key=value words)");
            }
            properties.add(word);
        }
        return properties;
    }

    private Detached instance(int port) {
        return new Detached("orchestrator", home.stateDir().resolve("orchestrator-" + port + ".pid"),
                home.stateDir().resolve("orchestrator-" + port + ".log"),
                List.of(jar.toString(), "-Dquarkus.http.port=" + port + " "), output);
    }

    private static int managementPort(int port) {
        return port + Home.MANAGEMENT_PORT_OFFSET;
    }

    /** API ports of the instances whose PID files exist, in order. */
    public List<Integer> known() {
        if (!Files.isDirectory(home.stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(home.stateDir())) {
            return files.map(file -> PID_FILE.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(matcher -> Integer.parseInt(matcher.group(1))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + home.stateDir(), e);
        }
    }

    public List<Integer> running() {
        return known().stream().filter(port -> instance(port).running().isPresent()).toList();
    }

    /**
     * Instances 1..{@code instances} run afterwards; those already running are left alone (and reported).
     * The first one starts alone: it applies both stores' schema migrations, which the others then find
     * done instead of racing each other through the same ALTER TABLE.
     */
    /** What every instance is given: the operator token's SHA-256 (argv), the signing keys' key-encryption key (environment). */
    public record Secrets(String adminTokenHash, String keyEncryptionKey) {
        @Override
        public String toString() {
            return "Secrets[adminTokenHash=" + adminTokenHash + ", keyEncryptionKey=(hidden)]";
        }
    }

    public void up(int instances, Endpoints endpoints, Secrets secrets, List<String> properties) {
        try (DirLock lock = DirLock.acquire(home.stateDir().resolve("orchestrator.lock"), LOCK_TIMEOUT)
                .orElseThrow(() -> new LaunchException("another ./tandem up holds "
                        + home.stateDir().resolve("orchestrator.lock")))) {
            List<Integer> toStart = new ArrayList<>();
            for (int node = 1; node <= instances; node++) {
                int port = home.firstApiPort() + node - 1;
                var pid = instance(port).running();
                if (pid.isPresent()) {
                    output.say("orchestrator", "already running (pid " + pid.get() + "): http://127.0.0.1:" + port);
                    continue;
                }
                for (int taken : List.of(port, managementPort(port))) {
                    if (Host.listening(taken)) {
                        throw new LaunchException("orchestrator: port " + taken + " on 127.0.0.1 is in use by another"
                                + " process; stop it, or move the instances with TANDEM_ORCHESTRATOR_PORT");
                    }
                }
                toStart.add(node);
            }
            List<Integer> beyond = running().stream().filter(port -> port > home.firstApiPort() + instances - 1).toList();
            if (!beyond.isEmpty()) {
                output.say("orchestrator", "also running beyond --instances " + instances + ": ports "
                        + beyond.stream().map(String::valueOf).collect(Collectors.joining(" ")) + " (./tandem down stops them)");
            }
            try {
                if (!toStart.isEmpty()) {
                    if (!Files.isRegularFile(jar)) {
                        throw new LaunchException(jar + " is missing: the build did not produce it");
                    }
                    startAndAwait(toStart.subList(0, 1), endpoints, secrets, properties);
                    startAndAwait(toStart.subList(1, toStart.size()), endpoints, secrets, properties);
                }
            } finally {
                writeEndpoints();
            }
        }
    }

    private void startAndAwait(List<Integer> nodes, Endpoints endpoints, Secrets secrets, List<String> properties) {
        long start = System.nanoTime();
        for (int node : nodes) {
            int port = home.firstApiPort() + node - 1;
            instance(port).start("./tandem up: instance " + node + " on port " + port,
                    command(port, node, endpoints, secrets.adminTokenHash(), properties),
                    Map.of("TANDEM_LEGACY_PASSWORD", endpoints.legacyPassword(),
                            "QUARKUS_DATASOURCE_PASSWORD", endpoints.enginePassword(),
                            "TANDEM_OAUTH_SIGNING_KEY_ENCRYPTION_KEY", secrets.keyEncryptionKey()));
        }
        List<CompletableFuture<Void>> waits = nodes.stream().map(node -> CompletableFuture.runAsync(() -> {
            int port = home.firstApiPort() + node - 1;
            Detached instance = instance(port);
            instance.awaitReady(READY_TIMEOUT, () -> ready(port));
            output.say("orchestrator", "ready in " + Output.secondsSince(start) + "s: http://127.0.0.1:" + port
                    + " (management " + managementPort(port) + ", pid " + instance.running().orElse(-1L) + ")");
        })).toList();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> wait : waits) {
            try {
                wait.join();
            } catch (RuntimeException e) {
                failures.add(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new LaunchException(String.join("; ", failures));
        }
    }

    private List<String> command(int port, int node, Endpoints e, String adminTokenHash, List<String> properties) {
        String engine = e.engineHost() + ":" + e.enginePort() + "/" + e.engineDb();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(javaOptions());
        // The dev profile turns on the dev login (tandem.oauth.login=dev), which the prod profile refuses.
        command.addAll(List.of("-Dquarkus.profile=dev", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort(port),
                "-Dtandem.node-id=" + node,
                "-Dtandem.legacy.host=" + e.legacyHost(), "-Dtandem.legacy.port=" + e.legacyPort(),
                "-Dtandem.legacy.database=" + e.legacyDb(), "-Dtandem.legacy.user=" + e.legacyUser(),
                "-Dquarkus.datasource.username=" + e.engineUser(),
                "-Dquarkus.datasource.reactive.url=postgresql://" + engine,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + engine,
                "-Dkafka.bootstrap.servers=" + e.kafkaBootstrap(),
                "-Dtandem.admin.tokens=" + SecretFile.ADMIN_TOKEN_NAME + ":operator:" + adminTokenHash));
        properties.forEach(property -> command.add("-D" + property));
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** A Quarkus instance idles at about 150 MB; the cap keeps three of them from claiming a quarter of RAM each. */
    private List<String> javaOptions() {
        String options = home.env().getOrDefault("TANDEM_ORCHESTRATOR_JAVA_OPTS", "-Xmx512m").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops every known instance, in parallel. */
    public void down() {
        List<Integer> ports = known();
        if (ports.isEmpty()) {
            output.say("orchestrator", "not running");
            return;
        }
        ports.stream().map(port -> CompletableFuture.runAsync(() -> instance(port).stop())).toList()
                .forEach(CompletableFuture::join);
        writeEndpoints();
    }

    public void status() {
        List<Integer> ports = known();
        if (ports.isEmpty()) {
            output.say("orchestrator", "not running");
            return;
        }
        for (int port : ports) {
            var pid = instance(port).running();
            if (pid.isPresent()) {
                output.say("orchestrator", (ready(port) ? "ready" : "running, not ready") + " (pid " + pid.get()
                        + "): http://127.0.0.1:" + port + ", management " + managementPort(port));
            } else {
                output.say("orchestrator", "on port " + port + " stopped (stale PID file)");
            }
        }
    }

    /** The PIDs of the running instances by name ({@code orchestrator-PORT}), for the CPU benchmark. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int port : known()) {
            instance(port).running().ifPresent(pid -> pids.put("orchestrator-" + port, pid));
        }
        return pids;
    }

    /** Health on the management port: ready once it answers 200. */
    private static boolean ready(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(port)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * ORCHESTRATOR_URL (the first running instance) and ORCHESTRATOR_URLS (all of them) in endpoints.env,
     * which the CLI reads; the stack rewrites the file on every up, hence a rewrite here each time.
     */
    private void writeEndpoints() {
        Path file = home.endpointsFile();
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file).stream()
                    .filter(line -> !line.startsWith("ORCHESTRATOR_URL")).toList());
            List<String> urls = running().stream().map(port -> "http://127.0.0.1:" + port).toList();
            if (!urls.isEmpty()) {
                lines.add("ORCHESTRATOR_URL=" + urls.get(0));
                lines.add("ORCHESTRATOR_URLS=" + String.join(",", urls));
            }
            Path tmp = file.resolveSibling("endpoints.env.orchestrators");
            Files.write(tmp, lines);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
