package dev.tandem.orchestrator.write;

import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.testing.EngineRefusal;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three orchestrator JVMs on one control log, one replay queue and one pair of fresh databases, in
 * READ_ENGINE with every read served by the engine, legacy primary and the engine its mirror. The
 * mirror fault is real and reads stay possible: the engine database gets a trigger that refuses
 * every insert and update of a token (so it keeps serving the older, valid state), dropped when the
 * engine "comes back". A revocation whose mirror failed is acknowledged once it is in the queue, no
 * instance serves the token as valid from then on, and the queue drains into both stores once the
 * engine takes writes again, also after a restart of every instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayQueueIT {
    private static final Duration SETUP_BOUND = Duration.ofSeconds(20);
    private static final Duration VISIBLE_BOUND = Duration.ofSeconds(5);
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);
    private static final int INSTANCES = 3;
    private static final String[] LEGACY_TABLES = {"hydra_oauth2_access", "hydra_oauth2_refresh", "hydra_oauth2_code"};

    private final String adminToken = "replay-queue-" + UUID.randomUUID();
    private final String controlTopic = "tandem.control.replay-" + UUID.randomUUID();
    private final String replayTopic = "tandem.replay.it-" + UUID.randomUUID();
    private final List<OrchestratorProcess> instances = new ArrayList<>();
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private DatabaseEndpoint legacy;
    private DatabaseEndpoint engine;
    private String adminTokens;

    @BeforeAll
    void startThreeInstances() throws Exception {
        TestStack stack = TestStack.get();
        legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        engine = stack.freshEngineDatabase();
        adminTokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(adminToken.getBytes(StandardCharsets.UTF_8)));
        for (int i = 1; i <= INSTANCES; i++) {
            instances.add(instance("replay-" + i, i).build());
        }
        onEvery(OrchestratorProcess::start);
    }

    @AfterAll
    void stopEveryInstance() throws SQLException {
        onEvery(OrchestratorProcess::stop);
        engineTakesWrites(true);
    }

    @BeforeEach
    void everyInstanceRunsInReadEngineWithReadsFromTheEngine() throws SQLException {
        engineTakesWrites(true);
        onEvery(instance -> {
            if (!instance.isAlive()) {
                instance.start();
            }
        });
        OrchestratorProcess first = instances.get(0);
        String phase = status(first).getString("phase");
        List<String> path = List.of("LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE");
        if (!path.contains(phase)) {
            api(first).body(Map.of("to", "READ_ENGINE", "reason", "test setup")).post("/admin/migration/phase")
                    .then().statusCode(200);
        }
        for (String next : path.subList(path.indexOf(status(first).getString("phase")) + 1, path.size())) {
            // Forced: the guards are not under test here.
            api(first).body(Map.of("to", next, "reason", "test setup", "force", true)).post("/admin/migration/phase")
                    .then().statusCode(200);
        }
        api(first).body(Map.of("flag", "engine", "rampPercent", 100, "reason", "test setup"))
                .put("/admin/migration/reads").then().statusCode(200);
        long revision = status(first).getLong("revision");
        for (OrchestratorProcess instance : instances) {
            await("setup reaches " + instance.name()).atMost(SETUP_BOUND)
                    .until(() -> status(instance).getLong("revision") == revision);
        }
        for (OrchestratorProcess instance : instances) {
            await("the queue of " + instance.name() + " is empty before the test").atMost(DRAIN_BOUND)
                    .until(() -> status(instance).getInt("replayQueue.pending") == 0);
        }
    }

    @Test
    void aRevocationWhoseMirrorFailedIsServedRevokedByEveryInstanceAtOnceAndReplayedOnceTheEngineIsBack()
            throws SQLException {
        OrchestratorProcess writer = instances.get(0);
        TokenRecord token = create(writer);
        engineTakesWrites(false);
        try {
            api(writer).post("/v1/tokens/{id}/revoke", token.id()).then().statusCode(200);

            for (OrchestratorProcess instance : instances) {
                JsonPath served = api(instance).get("/v1/tokens/{id}", token.id())
                        .then().statusCode(200).extract().jsonPath();
                assertThat(served.getString("revokedAt")).as("served by " + instance.name() + " right after the ack")
                        .isNotNull();
            }
            assertThat(engineRevoked(token.id())).as("the engine still holds the token valid").contains(false);
            assertThat(legacyRevoked(token.id())).contains(true);
            for (OrchestratorProcess instance : instances) {
                await("the entry shows on " + instance.name()).atMost(VISIBLE_BOUND).untilAsserted(() -> {
                    JsonPath queue = status(instance).setRootPath("replayQueue");
                    assertThat(queue.getInt("pending")).isEqualTo(1);
                    assertThat(queue.getInt("toward.engine")).isEqualTo(1);
                    assertThat(queue.getInt("toward.legacy")).isZero();
                });
            }
        } finally {
            engineTakesWrites(true);
        }

        for (OrchestratorProcess instance : instances) {
            await("the queue of " + instance.name() + " drains").atMost(DRAIN_BOUND)
                    .until(() -> status(instance).getInt("replayQueue.pending") == 0);
        }
        assertThat(engineRevoked(token.id())).contains(true);
        assertThat(legacyRevoked(token.id())).contains(true);
    }

    @Test
    void aQueuedRevocationIsReplayedAfterARestartOfEveryInstance() throws SQLException {
        TokenRecord token = create(instances.get(0));
        engineTakesWrites(false);
        try {
            api(instances.get(0)).post("/v1/tokens/{id}/revoke", token.id()).then().statusCode(200);
            await().atMost(VISIBLE_BOUND).until(() -> status(instances.get(2)).getInt("replayQueue.pending") == 1);
            onEvery(OrchestratorProcess::stop);
            assertThat(instances).noneMatch(OrchestratorProcess::isAlive);
            assertThat(engineRevoked(token.id())).as("nothing replayed it yet").contains(false);
        } finally {
            engineTakesWrites(true);
        }

        // Not the writer: its entries are taken over by whoever runs.
        OrchestratorProcess survivor = instances.get(1).start();
        await("replayed by " + survivor.name()).atMost(DRAIN_BOUND)
                .until(() -> engineRevoked(token.id()).orElse(false));
        await().atMost(DRAIN_BOUND).until(() -> status(survivor).getInt("replayQueue.pending") == 0);
        assertThat(legacyRevoked(token.id())).contains(true);
    }

    @Test
    void aPendingEntryBlocksThePointOfNoReturnAndIsServedMergedEvenOnceTheStoreThatMissedItIsPrimary()
            throws SQLException {
        OrchestratorProcess first = instances.get(0);
        TokenRecord token = create(first);
        engineTakesWrites(false);
        try {
            api(first).post("/v1/tokens/{id}/revoke", token.id()).then().statusCode(200);
            // Forced: the step itself is not under test; the engine, which missed the revocation, becomes primary.
            api(first).body(Map.of("to", "WRITE_ENGINE", "reason", "test: primary to the store that missed it",
                    "force", true)).post("/admin/migration/phase").then().statusCode(200);
            OrchestratorProcess other = instances.get(2);
            await().atMost(SETUP_BOUND).until(() -> status(other).getString("phase").equals("WRITE_ENGINE"));

            assertThat(api(other).get("/v1/tokens/{id}", token.id()).then().statusCode(200)
                    .extract().jsonPath().getString("revokedAt")).as("served from both stores, merged").isNotNull();
            JsonPath plan = api(other).body(Map.of("to", "ENGINE_ONLY", "reason", "rehearse", "dryRun", true))
                    .post("/admin/migration/phase").then().statusCode(200).extract().jsonPath();
            assertThat(plan.getBoolean("refused")).isTrue();
            assertThat(plan.getString("guards.find { it.name == 'replay-queue-empty' }.status")).isEqualTo("FAILED");
            assertThat(plan.getString("guards.find { it.name == 'replay-queue-empty' }.reason"))
                    .matches("the replay queue holds 1 failed mirror writes not yet in both stores \\(0 toward legacy,"
                            + " 1 toward engine, oldest \\d+ s\\), must be 0");
        } finally {
            engineTakesWrites(true);
        }
        await().atMost(DRAIN_BOUND).until(() -> status(instances.get(2)).getInt("replayQueue.pending") == 0);
        assertThat(engineRevoked(token.id())).contains(true);
    }

    @Test
    void withTheMirrorAndTheReplayQueuesBrokerDownARevocationAnswers503AndSaysARetryIsSafe() throws Exception {
        // The control log stays reachable (the instance must know its phase); the replay queue's broker does not.
        OrchestratorProcess cutOff = instance("replay-cut-off", 9)
                .property("tandem.replay.bootstrap-servers", "127.0.0.1:" + closedPort())
                .property("tandem.replay.kafka-timeout-ms", "2000")
                .build().start();
        try {
            TokenRecord token = create(cutOff);
            engineTakesWrites(false);
            try {
                Response refused = api(cutOff).post("/v1/tokens/{id}/revoke", token.id());

                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.jsonPath().getString("title")).isEqualTo("Replay queue unavailable");
                assertThat(refused.jsonPath().getString("detail"))
                        .startsWith("revoke of token " + token.id() + ": the primary (")
                        .contains("holds the write, but the", "mirror and the replay queue (topic " + replayTopic
                                + ") could not take it", "it was not acknowledged, and a retry is safe");
            } finally {
                engineTakesWrites(true);
            }
        } finally {
            cutOff.stop();
        }
    }

    /**
     * The cost of the wait: reads from the engine (not the primary) wait for one round trip of the
     * queue's follower to the broker, reads from legacy (the primary) do not. Prints both latencies
     * (there is no read benchmark in ./tandem bench) and holds the waited reads to a bound a client notices.
     */
    @Test
    void readsFromTheMirrorsStoreWaitForOneRoundTripOfTheQueueOnly() {
        OrchestratorProcess through = instances.get(1);
        TokenRecord token = create(instances.get(0));
        long[] engineReads = timeReads(through, token.id());
        api(instances.get(0)).body(Map.of("flag", "legacy", "rampPercent", 100, "reason", "measure the primary"))
                .put("/admin/migration/reads").then().statusCode(200);
        await().atMost(SETUP_BOUND).until(() -> status(through).getString("reads.flag").equals("legacy"));
        long[] legacyReads = timeReads(through, token.id());

        System.out.printf("ReplayQueueIT read latency over %d reads: from the engine (waits for the queue) p50 %.2f ms"
                        + " p99 %.2f ms; from legacy, the primary (no wait) p50 %.2f ms p99 %.2f ms%n", engineReads.length,
                percentile(engineReads, 50), percentile(engineReads, 99), percentile(legacyReads, 50),
                percentile(legacyReads, 99));
        assertThat(percentile(engineReads, 99)).as("p99 of a waited read, ms").isLessThan(250.0);
    }

    private long[] timeReads(OrchestratorProcess through, String id) {
        int warmUp = 50;
        int reads = 300;
        long[] nanos = new long[reads];
        for (int i = 0; i < warmUp + reads; i++) {
            long start = System.nanoTime();
            api(through).get("/v1/tokens/{id}", id).then().statusCode(200);
            if (i >= warmUp) {
                nanos[i - warmUp] = System.nanoTime() - start;
            }
        }
        java.util.Arrays.sort(nanos);
        return nanos;
    }

    private static double percentile(long[] sortedNanos, int percent) {
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percent / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[index] / 1_000_000.0;
    }

    private OrchestratorProcess.Builder instance(String name, int nodeId) {
        return OrchestratorProcess.builder(name).nodeId(nodeId).legacy(legacy).engine(engine)
                .kafka(TestStack.get().kafkaBootstrap()).controlTopic(controlTopic).replayTopic(replayTopic)
                .adminTokens(adminTokens)
                // The checker's repair is not under test: the queue alone must bring the engine up to date.
                .property("tandem.repair.auto", "false")
                .property("tandem.replay.initial-backoff-ms", "200")
                .property("tandem.replay.max-backoff-ms", "2000");
    }

    private TokenRecord create(OrchestratorProcess through) {
        TokenRecord token = TokenBodies.token(random);
        api(through).body(TokenBodies.of(token))
                .put("/v1/tokens/{id}", token.id()).then().statusCode(200);
        assertThat(engineRevoked(token.id())).as("mirrored while the engine takes writes").contains(false);
        return token;
    }

    /** Drops or installs a trigger that refuses every token insert and update of the engine database. */
    private void engineTakesWrites(boolean takes) throws SQLException {
        try (Connection connection = engine.connect()) {
            if (takes) {
                EngineRefusal.takeWrites(connection);
            } else {
                EngineRefusal.refuseWrites(connection);
            }
        }
    }

    private Optional<Boolean> engineRevoked(String id) {
        try (Connection connection = engine.connect();
             PreparedStatement select = connection.prepareStatement("SELECT revoked_at IS NOT NULL FROM oauth_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBoolean(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the engine database", e);
        }
    }

    private Optional<Boolean> legacyRevoked(String id) {
        try (Connection connection = legacy.connect()) {
            for (String table : LEGACY_TABLES) {
                try (PreparedStatement select = connection.prepareStatement("SELECT active FROM " + table + " WHERE signature = ?")) {
                    select.setString(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        if (rows.next()) {
                            return Optional.of(rows.getInt(1) == 0);
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the legacy database", e);
        }
    }

    private JsonPath status(OrchestratorProcess instance) {
        return api(instance).get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private RequestSpecification api(OrchestratorProcess instance) {
        return given().baseUri(instance.url()).header("Authorization", "Bearer " + adminToken).contentType(ContentType.JSON);
    }

    private void onEvery(Consumer<OrchestratorProcess> action) {
        CompletableFuture.allOf(instances.stream().map(instance -> CompletableFuture.runAsync(() -> action.accept(instance)))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** A port nothing listens on: a broker that is down. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
