package dev.tandem.orchestrator.write;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.testing.CheckerOnStores;
import dev.tandem.orchestrator.testing.StackSignals;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.RandomTokens;
import dev.tandem.testing.TestStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10: an orchestrator killed ({@code kill -9}) between the primary's commit and the mirror's.
 * In DUAL_WRITE the engine's PostgreSQL is paused (SIGSTOP), so that each write commits in legacy and
 * then waits on the engine; with creates, updates and a revocation in flight (and in legacy), the
 * orchestrator JVM is killed and PostgreSQL resumed. Nobody is left to retry those mirror writes and
 * the killed instance's memory of them is gone: only the checker's capture of legacy and the repair of
 * the instance still running (node id 2) can bring them to the engine. Every write legacy committed
 * must reach the engine in the same state, the revocation included, and settled divergence go back to zero.
 *
 * <p>The killed instance reads no checker feed, so it is not a member of the repair group: a member
 * killed with {@code -9} holds its partitions until its Kafka session times out (45 s), which is not
 * what this test measures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KilledBetweenPrimaryAndMirrorIT {
    /** Long enough that every write is still waiting on the paused engine when the instance is killed. */
    private static final String MIRROR_TIMEOUT_MS = "120000";
    private static final Duration SETUP_BOUND = Duration.ofSeconds(30);
    /** From PostgreSQL's resume: its capture catching up, the checker's grace, the repair's backoff of at most 2 s. */
    private static final Duration CONVERGED_WITHIN = Duration.ofSeconds(60);
        private static final int CREATES = 4;
    private static final int UPDATES = 2;

    private final String adminToken = "killed-mirror-" + new SecureRandom().nextLong();
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private DatabaseEndpoint legacy;
    private DatabaseEndpoint engine;
    private OrchestratorProcess writer;
    private OrchestratorProcess repairer;
    private CheckerOnStores checker;

    @BeforeAll
    void twoInstancesAndACheckerInDualWrite() throws Exception {
        TestStack stack = TestStack.get();
        checker = CheckerOnStores.onFreshStores();
        legacy = checker.legacy();
        engine = checker.engine();
        String unique = checker.unique();
        String tokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(adminToken.getBytes(StandardCharsets.UTF_8)));

        OrchestratorProcess.Builder writerConfig = OrchestratorProcess.builder("killed-writer-" + unique).nodeId(1)
                .legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap()).controlTopic("tandem.control.killed-" + unique)
                .adminTokens(tokens)
                .property(WriteConfig.MIRROR_TIMEOUT_MS, MIRROR_TIMEOUT_MS)
                .property("tandem.checker.enabled", "false");
        OrchestratorProcess.Builder repairerConfig = OrchestratorProcess.builder("repairer-" + unique).nodeId(2)
                .legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap()).controlTopic("tandem.control.killed-" + unique)
                .adminTokens(tokens)
                .property("tandem.repair.auto", "true").property("tandem.repair.max-backoff", "2s")
                .property("tandem.repair.max-attempts", "100").property("tandem.repair.group-id", "t." + unique + ".repair");
        checker.feedTopics().forEach(repairerConfig::property);
        writer = writerConfig.build();
        repairer = repairerConfig.build();
        CompletableFuture.allOf(CompletableFuture.runAsync(writer::start, clients),
                CompletableFuture.runAsync(repairer::start, clients)).join();

        // After the instances: their Flyway creates the engine table the capture needs.
        checker.start();

        // Forced: the guards are not under test, and a fresh checker has not read the stores yet.
        api(writer).body(Map.of("to", "DUAL_WRITE", "reason", "test setup", "force", true))
                .post("/admin/migration/phase").then().statusCode(200);
        await("both instances in DUAL_WRITE").atMost(SETUP_BOUND).until(() ->
                api(repairer).get("/admin/migration").then().extract().jsonPath().getString("phase").equals("DUAL_WRITE"));
        await("the checker reports").atMost(SETUP_BOUND).until(() -> checkerStatus().getBoolean("reporting"));
    }

    @AfterAll
    void stopEverything() {
        clients.shutdownNow();
        if (writer != null) {
            writer.stop();
        }
        if (repairer != null) {
            repairer.stop();
        }
        if (checker != null) {
            checker.close();
        }
    }

    @Test
    void everyWriteLegacyCommittedReachesTheEngineAfterTheWriterIsKilledBeforeItsMirrorWrite() throws Exception {
        List<TokenRecord> before = new ArrayList<>();
        for (int i = 0; i < UPDATES + 1; i++) {
            TokenRecord token = usableToken();
            long version = put(writer, token).getLong("version");
            assertThat(engineRow(token.id()).map(StoreRows.Row::version)).as("mirrored while the engine answers").contains(version);
            before.add(token);
        }

        // What each write in flight must leave in legacy, the primary, before the kill.
        Map<String, Predicate<StoreRows.Row>> committed = new LinkedHashMap<>();
        List<Future<?>> inFlight = new ArrayList<>();
        StackSignals servers = StackSignals.local();
        Instant resumed;
        servers.pausePostgres();
        try {
            for (int i = 0; i < CREATES; i++) {
                TokenRecord token = usableToken();
                committed.put(token.id(), row -> row.active() && row.clientId().equals(token.clientId()));
                inFlight.add(clients.submit(() -> put(writer, token)));
            }
            for (TokenRecord token : before.subList(0, UPDATES)) {
                TokenRecord updated = token.toBuilder().clientId("updated-" + random.nextInt(1_000_000)).build();
                committed.put(token.id(), row -> row.active() && row.clientId().equals(updated.clientId()));
                inFlight.add(clients.submit(() -> put(writer, updated)));
            }
            String revoked = before.get(UPDATES).id();
            committed.put(revoked, row -> !row.active());
            inFlight.add(clients.submit(() -> api(writer).post("/v1/tokens/{id}/revoke", revoked)));

            await("every write committed in legacy").atMost(SETUP_BOUND).pollInterval(Duration.ofMillis(100)).until(() ->
                    committed.entrySet().stream().allMatch(write -> legacyRow(write.getKey()).filter(write.getValue()).isPresent()));
            assertThat(inFlight).as("every request still waits on the engine").noneMatch(Future::isDone);
            writer.kill();
        } finally {
            servers.resumePostgres();
            resumed = Instant.now();
        }
        assertThat(writer.isAlive()).isFalse();

        await("every write legacy committed in the engine, in the same state").atMost(CONVERGED_WITHIN)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    for (Map.Entry<String, Predicate<StoreRows.Row>> write : committed.entrySet()) {
                        Optional<StoreRows.Row> inLegacy = legacyRow(write.getKey());
                        assertThat(inLegacy).as("legacy's row of %s", write.getKey()).get().matches(write.getValue());
                        assertThat(engineRow(write.getKey())).as("the engine's row of %s", write.getKey()).isEqualTo(inLegacy);
                    }
                });
        System.out.printf("[KilledBetweenPrimaryAndMirrorIT] %d writes of the killed instance in the engine %d ms after"
                + " PostgreSQL resumed%n", committed.size(), Duration.between(resumed, Instant.now()).toMillis());
        await("settled divergence back to zero").atMost(CONVERGED_WITHIN).until(() -> {
            JsonPath status = checkerStatus();
            return status.getBoolean("reporting")
                    && status.getLong("settled.critical") + status.getLong("settled.major") + status.getLong("settled.minor") == 0;
        });
        for (String id : committed.keySet()) {
            assertThat(api(repairer).get("/v1/tokens/{id}", id).then().statusCode(200).extract()
                    .jsonPath().getString("revokedAt") != null).as("%s revoked as read through the running instance", id)
                    .isEqualTo(!legacyRow(id).orElseThrow().active());
        }
    }

    private TokenRecord usableToken() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return TokenBodies.token(random).toBuilder().issuedAt(now.minusSeconds(5)).expiresAt(now.plusSeconds(3600)).build();
    }

    private JsonPath put(OrchestratorProcess instance, TokenRecord token) {
        return api(instance).body(TokenBodies.of(token))
                .put("/v1/tokens/{id}", token.id()).then().statusCode(200).extract().jsonPath();
    }

    private JsonPath checkerStatus() {
        return api(repairer).get("/admin/checker").then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification api(OrchestratorProcess instance) {
        return given().baseUri(instance.url()).header("Authorization", "Bearer " + adminToken).contentType(ContentType.JSON);
    }

    private Optional<StoreRows.Row> legacyRow(String id) {
        return StoreRows.legacy(legacy, id);
    }

    private Optional<StoreRows.Row> engineRow(String id) {
        return StoreRows.engine(engine, id);
    }
}
