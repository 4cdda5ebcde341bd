package dev.tandem.orchestrator.control;

import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.TestStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three orchestrator JVMs on one control log and one pair of stores, as {@code ./tandem up
 * --instances 3} runs them: a change made through any instance is applied by every other within a
 * second, a change survives a restart of all of them, and of two changes decided on the same
 * revision exactly one wins, everywhere. Each holds its own node id: one started with an id in use
 * refuses to start, one started without takes the lowest free id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceControlIT {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** For setup steps only, which are not what is under test; on 2 busy cores a request can take a while. */
    private static final Duration SETUP_BOUND = Duration.ofSeconds(15);
    private static final int WARM_UP_REQUESTS = 20;
    private static final int INSTANCES = 3;

    private final String token = "multi-instance-" + UUID.randomUUID();
    private final List<OrchestratorProcess> instances = new ArrayList<>();
    private ExecutorService pool;
    /** A fourth instance on the same log and stores, configured anew by each test. */
    private Supplier<OrchestratorProcess.Builder> another;

    @BeforeAll
    void startThreeInstancesOnOneControlLog() throws Exception {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        DatabaseEndpoint engine = stack.freshEngineDatabase();
        String topic = "tandem.control.multi-" + UUID.randomUUID();
        String tokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        for (int i = 1; i <= INSTANCES; i++) {
            instances.add(OrchestratorProcess.builder("multi-instance-" + i)
                    .nodeId(i).legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap())
                    .controlTopic(topic).adminTokens(tokens).build());
        }
        another = () -> OrchestratorProcess.builder("multi-instance-another").legacy(legacy).engine(engine)
                .kafka(stack.kafkaBootstrap()).controlTopic(topic).adminTokens(tokens);
        pool = Executors.newFixedThreadPool(INSTANCES);
        onEvery(OrchestratorProcess::start);
        onEvery(this::warmUp);
    }

    @AfterAll
    void stopEveryInstance() {
        if (pool != null) {
            onEvery(OrchestratorProcess::stop);
            pool.shutdown();
        }
    }

    @Test
    void aReadChangeThroughOneInstanceIsAppliedByTheOthersWithinOneSecond() {
        for (int round = 0; round < 6; round++) {
            OrchestratorProcess through = instances.get(round % INSTANCES);
            JsonPath before = status(through);
            String flag = before.getString("reads.flag").equals("legacy") ? "auto" : "legacy";
            int ramp = (before.getInt("reads.rampPercent") + 1 + ThreadLocalRandom.current().nextInt(98)) % 100;

            long revision = api(through).body(Map.of("flag", flag, "rampPercent", ramp, "reason", "round " + round))
                    .put("/admin/migration/reads").then().statusCode(200).extract().jsonPath().getLong("state.revision");

            for (OrchestratorProcess other : instances) {
                await("instance " + other.name() + " applies revision " + revision).atMost(ONE_SECOND)
                        .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                            JsonPath seen = status(other);
                            assertThat(seen.getLong("revision")).isEqualTo(revision);
                            assertThat(seen.getString("reads.flag")).isEqualTo(flag);
                            assertThat(seen.getInt("reads.rampPercent")).isEqualTo(ramp);
                        });
            }
        }
    }

    @Test
    void theAutoCutoverSwitchThroughOneInstanceIsAppliedAndAuditedByTheOthersWithinOneSecond() {
        for (boolean enabled : List.of(true, false)) {
            OrchestratorProcess through = instances.get(enabled ? 1 : 2);
            String reason = "auto-cutover " + enabled + " " + UUID.randomUUID();

            long revision = api(through).body(Map.of("enabled", enabled, "reason", reason))
                    .put("/admin/migration/auto-cutover").then().statusCode(200).extract().jsonPath().getLong("state.revision");

            for (OrchestratorProcess other : instances) {
                await("instance " + other.name() + " applies auto-cutover " + enabled).atMost(ONE_SECOND)
                        .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                            JsonPath seen = status(other);
                            assertThat(seen.getLong("revision")).isGreaterThanOrEqualTo(revision);
                            assertThat(seen.getBoolean("autoCutover")).isEqualTo(enabled);
                        });
                assertThat(JsonPath.from(api(other).get("/admin/audit").asString()).getList("entries.reason"))
                        .as("audit of " + other.name()).contains(reason);
            }
        }
    }

    @Test
    void phaseFlagAndAuditSurviveARestartOfEveryInstance() {
        OrchestratorProcess first = instances.get(0);
        moveTo("DUAL_WRITE");
        int ramp = ThreadLocalRandom.current().nextInt(100);
        api(first).body(Map.of("flag", "legacy", "rampPercent", ramp, "reason", "before the restart"))
                .put("/admin/migration/reads").then().statusCode(200);
        awaitSameRevisionEverywhere();
        JsonPath before = status(first);
        List<Object> auditBefore = audit(first);

        onEvery(OrchestratorProcess::stop);
        assertThat(instances).noneMatch(OrchestratorProcess::isAlive);
        onEvery(OrchestratorProcess::start);
        onEvery(this::warmUp);

        for (OrchestratorProcess instance : instances) {
            JsonPath after = status(instance);
            assertThat(after.getString("phase")).as(instance.name()).isEqualTo("DUAL_WRITE");
            assertThat(after.getLong("revision")).as(instance.name()).isEqualTo(before.getLong("revision"));
            assertThat(after.getString("reads.flag")).as(instance.name()).isEqualTo("legacy");
            assertThat(after.getInt("reads.rampPercent")).as(instance.name()).isEqualTo(ramp);
            assertThat(audit(instance)).as(instance.name()).isEqualTo(auditBefore);
        }
    }

    @Test
    void aKilledInstanceReplaysTheLogWhenStartedAgain() {
        OrchestratorProcess victim = instances.get(INSTANCES - 1);
        victim.kill();
        assertThat(victim.isAlive()).isFalse();
        // Changed while it is down: it must learn this from the log, not from its own memory.
        api(instances.get(0)).body(Map.of("flag", "auto", "rampPercent", 42, "reason", "while one is down"))
                .put("/admin/migration/reads").then().statusCode(200);
        JsonPath expected = status(instances.get(0));

        victim.start();
        warmUp(victim);

        JsonPath replayed = status(victim);
        assertThat(replayed.getLong("revision")).isEqualTo(expected.getLong("revision"));
        assertThat(replayed.getString("phase")).isEqualTo(expected.getString("phase"));
        assertThat(replayed.getInt("reads.rampPercent")).isEqualTo(42);
        assertThat(audit(victim)).isEqualTo(audit(instances.get(0)));
    }

    @Test
    void ofTwoPhaseChangesDecidedOnOneRevisionThroughTwoInstancesExactlyOneWins() throws Exception {
        for (int round = 0; round < 3; round++) {
            moveTo("DUAL_WRITE");
            long revision = awaitSameRevisionEverywhere();
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Response> back = pool.submit(() -> {
                together.await();
                return api(instances.get(0)).body(Map.of("to", "LEGACY_ONLY", "reason", "race back",
                        "expectedRevision", revision)).post("/admin/migration/phase");
            });
            Future<Response> forward = pool.submit(() -> {
                together.await();
                return api(instances.get(1)).body(Map.of("to", "SHADOW_READ", "reason", "race forward", "force", true,
                        "expectedRevision", revision)).post("/admin/migration/phase");
            });
            int backStatus = back.get().statusCode();
            int forwardStatus = forward.get().statusCode();

            assertThat(List.of(backStatus, forwardStatus)).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            String winner = backStatus == 200 ? "LEGACY_ONLY" : "SHADOW_READ";
            Response loser = backStatus == 200 ? forward.get() : back.get();
            assertThat(loser.contentType()).startsWith("application/problem+json");
            assertThat(loser.jsonPath().getLong("actualRevision")).isEqualTo(revision + 1);
            for (OrchestratorProcess instance : instances) {
                await().atMost(ONE_SECOND).untilAsserted(() -> {
                    JsonPath seen = status(instance);
                    assertThat(seen.getLong("revision")).isEqualTo(revision + 1);
                    assertThat(seen.getString("phase")).isEqualTo(winner);
                });
            }
            List<String> reasons = JsonPath.from(api(instances.get(2)).get("/admin/audit").asString()).getList("entries.reason");
            assertThat(reasons.stream().filter(reason -> reason.startsWith("race")).count())
                    .as("one race entry per round").isEqualTo(round + 1);
        }
    }

    /** Steps to {@code target} (DUAL_WRITE or LEGACY_ONLY) from wherever the state is. */
    @Test
    void anInstanceStartedWithANodeIdInUseRefusesToStartAndSaysWhy() {
        OrchestratorProcess duplicate = another.get().nodeId(2).build();
        try {
            assertThatThrownBy(duplicate::start).hasMessageContaining("exited with code")
                    .hasMessageContaining("tandem.node-id=2 is held by another live instance");
        } finally {
            duplicate.stop();
        }
        assertThat(instances.get(1).ready()).as("the holder of node id 2 serves on").isTrue();
    }

    @Test
    void anInstanceStartedWithoutANodeIdTakesTheLowestFreeOneAndEveryInstanceListsIt() {
        try (OrchestratorProcess unnamed = another.get().build().start()) {
            assertThat(status(unnamed).getInt("instance.nodeId")).as("1 to 3 are held").isZero();
            await().atMost(SETUP_BOUND).untilAsserted(() -> assertThat(status(instances.get(0))
                    .<Integer>getList("instances.nodeId")).containsExactly(0, 1, 2, 3));
        }
    }

    private void moveTo(String target) {
        OrchestratorProcess first = instances.get(0);
        String phase = status(first).getString("phase");
        if (phase.equals(target)) {
            return;
        }
        if (!phase.equals("LEGACY_ONLY")) {
            api(first).body(Map.of("to", "LEGACY_ONLY", "reason", "test setup")).post("/admin/migration/phase")
                    .then().statusCode(200);
        }
        if (target.equals("DUAL_WRITE")) {
            // Forced: the guards are not under test here, and the shared engine server may be restarting.
            api(first).body(Map.of("to", "DUAL_WRITE", "reason", "test setup", "force", true))
                    .post("/admin/migration/phase").then().statusCode(200);
        }
    }

    private long awaitSameRevisionEverywhere() {
        long revision = status(instances.get(0)).getLong("revision");
        for (OrchestratorProcess instance : instances) {
            await().atMost(SETUP_BOUND).until(() -> status(instance).getLong("revision") == revision);
        }
        return revision;
    }

    /**
     * A fresh JVM answers its first requests slowly (class loading, JIT) on a loaded machine; the
     * one-second bound is about applying a change, not about a cold start, so warm up first.
     */
    private void warmUp(OrchestratorProcess instance) {
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            status(instance);
        }
    }

    private JsonPath status(OrchestratorProcess instance) {
        return api(instance).get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private List<Object> audit(OrchestratorProcess instance) {
        return api(instance).get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
    }

    private RequestSpecification api(OrchestratorProcess instance) {
        return given().baseUri(instance.url()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** Runs {@code action} on every instance at once: JVM starts are slow, and in parallel they overlap. */
    private void onEvery(Consumer<OrchestratorProcess> action) {
        List<CompletableFuture<Void>> running = instances.stream()
                .map(instance -> CompletableFuture.runAsync(() -> action.accept(instance), pool)).toList();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    }
}
