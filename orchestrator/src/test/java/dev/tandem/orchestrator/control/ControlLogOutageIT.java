package dev.tandem.orchestrator.control;

import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.stack.LocalStack;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.RandomTokens;
import dev.tandem.testing.TestStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On-call must be able to see and keep the migration state while Kafka is down: the instance keeps
 * applying the last state it read to reads, refuses changes with a 503 that says so, and takes changes
 * again once Kafka is back. Writes it refuses once its control lease lapses (a few seconds): it could
 * be missing a phase change every other instance applied, so it goes unready and answers writes 503
 * until it has caught up. Kafka here is a private broker of this test (the shared test stack's must
 * stay up for everyone else), killed with {@code kill -9}, or paused with SIGSTOP, and brought back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlLogOutageIT {
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(20);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);
    private static final int LEASE_MS = 3000;
    /** The lease, a confirmation interval and a readiness poll on a busy machine. */
    private static final Duration UNREADY_BOUND = Duration.ofMillis(LEASE_MS + 3000);

    private final String token = "outage-" + UUID.randomUUID();
    private final RandomTokens tokens = new RandomTokens(20261202L);
    private final Path stackDir = Path.of("target", "control-outage-stack").toAbsolutePath();
    private int kafkaPort;
    private LocalStack privateStack;
    private OrchestratorProcess instance;

    @BeforeAll
    void startAPrivateBrokerAndOneInstance() throws Exception {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        DatabaseEndpoint engine = stack.freshEngineDatabase();
        kafkaPort = freePortPair();
        // Its own servers in its own directory: killing this broker must not touch the shared test stack's.
        privateStack = TestStack.localStack(stackDir, LocalStack.Requested.of(freePortPair(), freePortPair(), kafkaPort));
        privateStack.up();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        instance = OrchestratorProcess.builder("control-outage").nodeId(7).legacy(legacy).engine(engine)
                .kafka("127.0.0.1:" + kafkaPort).controlTopic("tandem.control.outage-" + UUID.randomUUID())
                .adminTokens("ops:operator:" + hash)
                // Short Kafka timeouts keep the refusal quick; the defaults are for production.
                .property("tandem.control.kafka-timeout-ms", "3000")
                .property("tandem.control.propose-timeout-ms", "6000")
                .property("tandem.control.lease-ms", Integer.toString(LEASE_MS))
                .build().start();
    }

    @AfterAll
    void stopEverythingThisTestStarted() {
        if (instance != null) {
            instance.stop();
        }
        if (privateStack != null) {
            privateStack.down();
        }
    }

    @Test
    void withoutKafkaTheLastStateStaysAndChangesAreRefused503UntilKafkaIsBack() throws Exception {
        api().body(Map.of("flag", "legacy", "rampPercent", 33, "reason", "before the outage"))
                .put("/admin/migration/reads").then().statusCode(200);
        TokenRecord written = writeToken(200);

        ProcessHandle broker = ProcessHandle.of(pidOf("kafka").orElseThrow()).orElseThrow();
        broker.destroyForcibly();
        broker.onExit().get(30, TimeUnit.SECONDS);

        JsonPath during = status();
        assertThat(during.getString("reads.flag")).isEqualTo("legacy");
        assertThat(during.getInt("reads.rampPercent")).isEqualTo(33);
        Instant asked = Instant.now();
        Response refused = api().body(Map.of("flag", "auto", "reason", "while kafka is down")).put("/admin/migration/reads");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(REFUSAL_BOUND);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("detail")).contains("the control log (topic tandem.control.outage-");
        assertThat(status().getString("reads.flag")).isEqualTo("legacy");
        awaitFencedAndStillReading(written);

        privateStack.up();

        await().atMost(RECOVERY_BOUND).pollInterval(Duration.ofSeconds(1)).until(() ->
                api().body(Map.of("flag", "auto", "reason", "kafka is back")).put("/admin/migration/reads").statusCode() == 200);
        assertThat(status().getString("reads.flag")).isEqualTo("auto");
        List<String> reasons = api().get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries.reason");
        assertThat(reasons).as("a refused change never takes effect later").doesNotContain("while kafka is down")
                .contains("before the outage", "kafka is back");
        await().atMost(RECOVERY_BOUND).until(instance::ready);
        writeToken(200);
    }

    @Test
    void aPausedBrokerFencesWritesWithinTheLeaseAndTheyResumeWhenItDoes() throws Exception {
        await().atMost(RECOVERY_BOUND).until(instance::ready);
        TokenRecord written = writeToken(200);
        long broker = pidOf("kafka").orElseThrow();

        signal("STOP", broker);
        try {
            awaitFencedAndStillReading(written);
        } finally {
            signal("CONT", broker);
        }

        await().atMost(RECOVERY_BOUND).until(instance::ready);
        assertThat(status().getString("instance.writesFenced")).isNull();
        writeToken(200);
    }

    /** Within the lease: unready, writes 503 and not applied, reads and the status still served. */
    private void awaitFencedAndStillReading(TokenRecord written) {
        await().atMost(UNREADY_BOUND).pollInterval(Duration.ofMillis(200)).until(() -> !instance.ready());
        assertThat(status().getString("instance.writesFenced")).contains("lease " + LEASE_MS + " ms");
        TokenRecord refusedToken = tokens.record().toBuilder().revokedAt(null).build();
        Response refusedWrite = api()
                .body(TokenBodies.of(refusedToken)).put("/v1/tokens/{id}", refusedToken.id());
        assertThat(refusedWrite.statusCode()).isEqualTo(503);
        assertThat(refusedWrite.contentType()).startsWith("application/problem+json");
        assertThat(refusedWrite.jsonPath().getString("title")).isEqualTo("Writes fenced");
        assertThat(refusedWrite.jsonPath().getString("detail")).contains("admits no write");
        api().get("/v1/tokens/{id}", refusedToken.id()).then().statusCode(404);
        api().get("/v1/tokens/{id}", written.id()).then().statusCode(200);
    }

    private TokenRecord writeToken(int status) {
        TokenRecord token = tokens.record().toBuilder().revokedAt(null).build();
        api().body(TokenBodies.of(token))
                .put("/v1/tokens/{id}", token.id()).then().statusCode(status);
        return token;
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, pid).isZero();
    }

    private JsonPath status() {
        return api().get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification api() {
        return given().baseUri(instance.url()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private Optional<Long> pidOf(String server) {
        try {
            Path file = stackDir.resolve(server + ".pid");
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A free port whose successor is free too (Kafka's controller takes port + 1). */
    private static int freePortPair() throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
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
