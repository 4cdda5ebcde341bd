package dev.tandem.stack.server;

import dev.tandem.stack.os.Host;
import dev.tandem.stack.os.Command;
import dev.tandem.stack.os.Poll;
import dev.tandem.stack.os.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka, single-node KRaft (broker and controller in one JVM), run from Maven artifacts: the classpath
 * comes from stack/kafka-broker/pom.xml, so no Kafka distribution needs installing.
 */
public final class KafkaBroker extends Server {

    private static final String DEFAULT_HEAP_OPTS = "-Xms256m -Xmx512m";
    private static final int READY_SECONDS = 180;
    private static final Pattern KAFKA_VERSION = Pattern.compile("<kafka\\.version>([^<]*)</kafka\\.version>");
    private static final SecureRandom RANDOM = new SecureRandom();

    public KafkaBroker(StackLayout layout) {
        super(layout);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<PortUse> ports() {
        return List.of(new PortUse(layout.ports().kafka(), "--kafka-port"),
                new PortUse(layout.ports().kafkaController(), "--kafka-port (the KRaft controller takes the next port)"));
    }

    @Override
    public String endpoint() {
        return "127.0.0.1:" + layout.ports().kafka();
    }

    private Path home() {
        return layout.dir().resolve("kafka");
    }

    private Path config() {
        return home().resolve("server.properties");
    }

    private Path log() {
        return home().resolve("kafka.log");
    }

    /** The cache of the broker's Maven classpath: kept by ./tandem down --purge, it saves a resolve. */
    private Path classpathFile() {
        return layout.dir().resolve("kafka.classpath");
    }

    @Override
    protected String marker() {
        return config().toString();
    }

    @Override
    public void up() throws StartFailure {
        long start = System.nanoTime();
        createDirectories(home());
        String classpath = classpath();
        write(config(), config(home()));
        if (!Files.isRegularFile(home().resolve("data/meta.properties"))) {
            format(classpath);
        }
        List<String> command = java(classpath);
        command.addAll(Arrays.asList(heapOptions()));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "kafka.Kafka", config().toString()));
        long pid = Processes.spawn(layout.pidFile(name()), log(), command);
        awaitReady(pid, classpath);
        say("ready in " + Output.secondsSince(start) + "s: " + endpoint() + " (pid " + pid + ")");
    }

    private static String[] heapOptions() {
        String configured = System.getenv("KAFKA_HEAP_OPTS");
        String options = configured == null || configured.isEmpty() ? DEFAULT_HEAP_OPTS : configured;
        return options.strip().split("\\s+");
    }

    /** The broker must match the kafka-clients the project compiles against: read it from the parent pom. */
    private String kafkaVersion() throws StartFailure {
        Path pom = layout.repoRoot().resolve("pom.xml");
        try {
            Matcher matcher = KAFKA_VERSION.matcher(Files.readString(pom));
            if (matcher.find()) {
                return matcher.group(1);
            }
        } catch (IOException e) {
            // reported below
        }
        throw new StartFailure("no <kafka.version> in " + pom);
    }

    /**
     * The broker's classpath, resolved by Maven once and cached. The cache is reusable while it names this
     * Kafka version and every jar is still there (a cleaned ~/.m2 must not leave a broker that fails with
     * NoClassDefFoundError).
     */
    private String classpath() throws StartFailure {
        String version = kafkaVersion();
        Path file = classpathFile();
        String cached = readOrEmpty(file);
        if (cachedClasspathValid(cached, version)) {
            return cached;
        }
        say("resolving the broker classpath (kafka_2.13 " + version + ") with Maven");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Path mvnw = layout.repoRoot().resolve("mvnw");
        String maven = Files.isExecutable(mvnw) ? mvnw.toString() : "mvn";
        createLog(log());
        if (!Command.of(maven, "-B", "-q", "-f", layout.repoRoot().resolve("stack/kafka-broker/pom.xml").toString(),
                "dependency:build-classpath", "-Dkafka.version=" + version, "-Dmdep.includeScope=runtime",
                "-Dmdep.outputFile=" + tmp).appendingTo(log()).succeeds()) {
            throw new StartFailure("Maven could not resolve the broker classpath", log());
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return readOrEmpty(file);
    }

    static boolean cachedClasspathValid(String classpath, String version) {
        if (classpath.isEmpty() || !classpath.contains("/kafka_2.13-" + version + ".jar")) {
            return false;
        }
        return Arrays.stream(classpath.split(":")).allMatch(jar -> Files.isRegularFile(Path.of(jar)));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** java with the broker classpath and logging, for the broker and for StorageTool. */
    private List<String> java(String classpath) {
        return new ArrayList<>(List.of(javaExecutable(), "-cp", classpath, "-Dkafka.logs.dir=" + home(),
                "-Dlog4j2.configurationFile=" + layout.repoRoot().resolve("stack/kafka-broker/log4j2.xml")));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void format(String classpath) throws StartFailure {
        String clusterId = clusterId();
        say("formatting " + home().resolve("data") + " (cluster id " + clusterId + ")");
        Host.deleteTree(home().resolve("data"));
        List<String> command = java(classpath);
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId, "--config", config().toString()));
        if (!Command.of(command).appendingTo(log()).succeeds()) {
            throw new StartFailure("kafka-storage format failed", log());
        }
    }

    /**
     * 16 random bytes in URL-safe base64 without padding, like {@code kafka-storage random-uuid}, which
     * also draws again when the id begins with '-': the tool's argument parser would take such an id for
     * an option (about 1 start in 64).
     */
    static String clusterId() {
        while (true) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /**
     * An open port is not enough: the broker binds its listener before it serves requests. The probe
     * ({@link KafkaReady}, in a JVM of its own on the broker's classpath, its output in the broker's log)
     * asks for cluster metadata, which the broker answers once it is unfenced and serving; it runs beside
     * the broker's start-up while we watch that the broker does not die.
     */
    private void awaitReady(long broker, String classpath) throws StartFailure {
        Process probe = Command.of(javaExecutable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", ownLocation() + ":" + classpath, KafkaReady.class.getName(), endpoint(),
                Long.toString(Duration.ofSeconds(READY_SECONDS).toMillis())).appendingTo(log()).start();
        Poll.until(Duration.ofSeconds(READY_SECONDS + 30L), () -> !probe.isAlive() || !Processes.alive(broker));
        if (probe.isAlive()) {
            probe.destroyForcibly();
            throw new StartFailure("exited during start-up", log());
        }
        if (probe.exitValue() != 0) {
            throw new StartFailure("not ready after " + READY_SECONDS + "s", log());
        }
    }

    /** The directory or jar this class was loaded from, which holds {@link KafkaReady}. */
    private static String ownLocation() {
        try {
            return Path.of(KafkaReady.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + KafkaReady.class.getName(), e);
        }
    }

    /**
     * Every replication factor and min ISR is 1: with the defaults (3), a single node could not create
     * the offsets, transaction or share-state topics, and consumers or producers would hang.
     */
    private String config(Path home) {
        int port = layout.ports().kafka();
        int controller = layout.ports().kafkaController();
        return "# Written by stack/stack.sh on every up; edits are lost.\n"
                + "process.roles=broker,controller\n"
                + "node.id=1\n"
                + "controller.quorum.voters=1@127.0.0.1:" + controller + "\n"
                + "controller.listener.names=CONTROLLER\n"
                + "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller + "\n"
                + "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + "\n"
                + "inter.broker.listener.name=PLAINTEXT\n"
                + "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "log.dirs=" + home + "/data\n"
                + """
                num.partitions=1
                auto.create.topics.enable=true
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                # Otherwise the first consumer of every group waits 3 s for others to join.
                group.initial.rebalance.delay.ms=0
                """;
    }
}
