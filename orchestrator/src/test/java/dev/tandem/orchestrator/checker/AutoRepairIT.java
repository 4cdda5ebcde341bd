package dev.tandem.orchestrator.checker;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.EngineRefusal;
import dev.tandem.orchestrator.testing.TestStackPostgres;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static dev.tandem.orchestrator.checker.CheckerSignals.divergenceOf;
import static dev.tandem.orchestrator.checker.CheckerSignals.legacyUpdate;
import static dev.tandem.orchestrator.checker.CheckerSignals.put;
import static dev.tandem.orchestrator.checker.CheckerSignals.repairs;
import static dev.tandem.orchestrator.checker.CheckerSignals.usableToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic repair with the real checker process: an out-of-band revocation in legacy reaches the
 * engine by itself, a mirror lost while PostgreSQL is down converges once it is back, and a repair
 * that keeps failing is handed to the replay queue, which applies it once the engine takes writes.
 */
@QuarkusTest
@TestProfile(AutoRepairIT.QuickRetries.class)
@QuarkusTestResource(value = CheckerStackResource.class, restrictToAnnotatedClass = true)
class AutoRepairIT {
    /**
     * A repair that fails is tried {@value #REPAIR_ATTEMPTS} times, 1 s then 2 s apart, then handed to the
     * replay queue, which retries it at most 2 s apart until it applies.
     */
    public static class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.repair.auto", "true", "tandem.repair.max-backoff", "2s",
                    "tandem.repair.max-attempts", String.valueOf(REPAIR_ATTEMPTS), "tandem.replay.max-backoff-ms", "2000");
        }
    }

    private static final int REPAIR_ATTEMPTS = 3;

    private static final int WRITES_WHILE_DOWN = 20;
    private static CheckerUnderTest checker;

    @Inject
    ControlPlane control;

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @BeforeEach
    void dualWriteWithAChecker() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        synchronized (AutoRepairIT.class) {
            if (checker == null) {
                checker = new CheckerUnderTest();
            }
        }
        checker.running();
        await("the checker reports").atMost(Duration.ofSeconds(30))
                .until(() -> CheckerSignals.checker().getBoolean("reporting"));
    }

    @AfterAll
    static void stopChecker() {
        if (checker != null) {
            checker.close();
        }
    }

    @Test
    void outOfBandRevocationInLegacyIsRepairedIntoTheEngine() {
        TokenRecord token = usableToken(random);
        put(token);
        assertThat(StoreRows.engine(token.id()).map(StoreRows.Row::active)).contains(true);

        legacyUpdate(token.id(), "active = 0");
        Instant updated = Instant.now();
        await("a critical repair of the token").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> repairOf(token.id()) != null);

        Map<String, Object> repair = repairOf(token.id());
        assertThat(repair).containsEntry("severity", "critical").containsEntry("kind", "field_mismatch")
                .containsEntry("outcome", "repaired").containsEntry("trigger", "auto");
        Instant detectedAt = Instant.parse((String) repair.get("detectedAt"));
        System.out.printf("[AutoRepairIT] out-of-band revocation to settled verdict: %d ms, to repaired: %d ms%n",
                Duration.between(updated, detectedAt).toMillis(),
                Duration.between(updated, Instant.parse((String) repair.get("repairedAt"))).toMillis());
        assertThat(Duration.between(updated, detectedAt)).isLessThan(Duration.ofSeconds(5));

        assertThat(StoreRows.engine(token.id()).map(StoreRows.Row::active)).contains(false);
        for (ReadFlag flag : List.of(ReadFlag.LEGACY, ReadFlag.ENGINE)) {
            Control.flag(control, flag);
            store().get("/v1/tokens/{id}", token.id()).then().statusCode(200)
                    .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        }
        Control.flag(control, ReadFlag.AUTO);
        await("the divergence is gone").atMost(Duration.ofSeconds(10)).until(() -> divergenceOf(token.id()) == null);
    }

    @Test
    void mirrorLostWhilePostgresIsDownConvergesOnceItIsBack() throws Exception {
        TestStackPostgres postgres = TestStackPostgres.local();
        List<String> ids = new ArrayList<>();
        postgres.stop();
        try {
            for (int i = 0; i < WRITES_WHILE_DOWN; i++) {
                TokenRecord token = usableToken(random);
                put(token);
                ids.add(token.id());
            }
        } finally {
            postgres.start();
        }
        Instant restarted = Instant.now();

        await("every written id equal in both stores").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> ids.stream().allMatch(id -> StoreRows.engine(id).isPresent()
                        && StoreRows.engine(id).equals(StoreRows.legacy(id))));
        await("settled divergence back to zero").atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath snapshot = CheckerSignals.checker();
            return snapshot.getBoolean("reporting") && snapshot.getLong("settled.critical") + snapshot.getLong("settled.major")
                    + snapshot.getLong("settled.minor") == 0;
        });
        // The checker's status is published at once; the tombstones that clear the divergence list come with
        // the check's next exactly-once commit, up to tandem.checker.check.commit-interval-ms later.
        await("the divergence list cleared").atMost(Duration.ofSeconds(10))
                .until(() -> ids.stream().allMatch(id -> divergenceOf(id) == null));
        System.out.printf("[AutoRepairIT] %d ids written while PostgreSQL was down converged %d ms after its restart%n",
                ids.size(), Duration.between(restarted, Instant.now()).toMillis());
        for (String id : ids) {
            assertThat(divergenceOf(id)).as("divergence of %s", id).isNull();
            Control.flag(control, ReadFlag.LEGACY);
            Map<String, Object> legacy = store().get("/v1/tokens/{id}", id).then().statusCode(200).extract().jsonPath().getMap("");
            Control.flag(control, ReadFlag.ENGINE);
            Map<String, Object> engine = store().get("/v1/tokens/{id}", id).then().statusCode(200).extract().jsonPath().getMap("");
            assertThat(engine).as("token %s in both stores", id).isEqualTo(legacy);
        }
        Control.flag(control, ReadFlag.AUTO);
        assertThat(checker.log()).as("the engine capture restarted rather than died").contains("engine capture streaming");
    }

    /**
     * The repair of an out-of-band legacy revocation keeps failing (the engine refuses writes): after
     * {@value #REPAIR_ATTEMPTS} attempts it is queued for replay toward the engine, reads from the engine
     * serve the token revoked meanwhile, and the queue applies it once the engine takes writes again.
     */
    @Test
    void aRepairThatKeepsFailingIsHandedToTheReplayQueueWhichAppliesIt() throws Exception {
        TokenRecord token = usableToken(random);
        put(token);
        try (Connection engine = StoreRows.engineConnection()) {
            EngineRefusal.refuseWrites(engine);
            try {
                legacyUpdate(token.id(), "active = 0");
                await("the failing repair handed to the replay queue").atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            JsonPath queue = migration().setRootPath("replayQueue");
                            assertThat(queue.getInt("pending")).isEqualTo(1);
                            assertThat(queue.getInt("toward.engine")).as("the store that lacks the revocation").isEqualTo(1);
                        });
                assertThat(StoreRows.engine(token.id()).map(StoreRows.Row::active)).as("still refused").contains(true);
                assertThat(repairs().getList("recent", Map.class).stream()
                        .filter(r -> token.id().equals(r.get("tokenId")) && "failed".equals(r.get("outcome"))
                                && "auto".equals(r.get("trigger"))).count())
                        .as("failed repairs before the hand-off").isGreaterThanOrEqualTo(REPAIR_ATTEMPTS);
                Control.flag(control, ReadFlag.ENGINE);
                store().get("/v1/tokens/{id}", token.id()).then().statusCode(200)
                        .body("revokedAt", org.hamcrest.Matchers.notNullValue());
                Control.flag(control, ReadFlag.AUTO);
            } finally {
                EngineRefusal.takeWrites(engine);
            }
        }

        await("the replay queue applies it").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> migration().getInt("replayQueue.pending") == 0);
        assertThat(StoreRows.engine(token.id()).map(StoreRows.Row::active)).contains(false);
        await("the divergence is gone").atMost(Duration.ofSeconds(15)).until(() -> divergenceOf(token.id()) == null);
    }

    private static JsonPath migration() {
        return CheckerSignals.as(CheckerSignals.VIEWER).get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> repairOf(String id) {
        List<Map<String, Object>> recent = repairs().getList("recent");
        return recent.stream().filter(r -> id.equals(r.get("tokenId")) && "repaired".equals(r.get("outcome")))
                .findFirst().orElse(null);
    }
}
