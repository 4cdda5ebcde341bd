package dev.tandem.orchestrator.checker;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.guard.CheckerLagGuard;
import dev.tandem.orchestrator.guard.DivergenceZeroGuard;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.testing.RandomTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static dev.tandem.orchestrator.checker.CheckerSignals.OPERATOR;
import static dev.tandem.orchestrator.checker.CheckerSignals.VIEWER;
import static dev.tandem.orchestrator.checker.CheckerSignals.as;
import static dev.tandem.orchestrator.checker.CheckerSignals.divergenceOf;
import static dev.tandem.orchestrator.checker.CheckerSignals.guard;
import static dev.tandem.orchestrator.checker.CheckerSignals.legacyUpdate;
import static dev.tandem.orchestrator.checker.CheckerSignals.put;
import static dev.tandem.orchestrator.checker.CheckerSignals.usableToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The checker's surfaces with the real checker process on the real servers, automatic repair off
 * so that a divergence stays until an operator repairs it: the divergence list, on-request repair,
 * both guards (a 3 s divergence window), the checker snapshot, its metrics, and bad input.
 */
@QuarkusTest
@TestProfile(CheckerSurfacesIT.RepairOnRequestOnly.class)
@QuarkusTestResource(value = CheckerStackResource.class, restrictToAnnotatedClass = true)
class CheckerSurfacesIT {
    public static class RepairOnRequestOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.repair.auto", "false", "tandem.guards.divergence-window", "3s");
        }
    }

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(5);
    private static CheckerUnderTest checker;

    @Inject
    ControlPlane control;
    @Inject
    MeterRegistry registry;

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @BeforeEach
    void dualWriteWithAChecker() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        synchronized (CheckerSurfacesIT.class) {
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
    void outOfBandScopeChangeSettlesAsMajorDivergenceAndIsRepairedOnRequest() {
        TokenRecord token = usableToken(random);
        put(token);
        assertThat(StoreRows.engine(token.id())).as("mirrored").isPresent();
        await("divergence-zero passes before the change").atMost(Duration.ofSeconds(30))
                .until(() -> "OK".equals(guard(DivergenceZeroGuard.NAME).get("status")));

        legacyUpdate(token.id(), "granted_scope = ?", "openid oob.granted");
        Instant updated = Instant.now();
        await("settled in GET /admin/divergence").atMost(SETTLE_LIMIT).pollInterval(Duration.ofMillis(50))
                .until(() -> divergenceOf(token.id()) != null);
        System.out.printf("[CheckerSurfacesIT] out-of-band UPDATE to settled divergence listed: %d ms%n",
                Duration.between(updated, Instant.now()).toMillis());

        Map<String, Object> item = divergenceOf(token.id());
        assertThat(item).containsEntry("kind", "field_mismatch").containsEntry("severity", "major")
                .containsEntry("fields", List.of("scopes"));
        assertThat(((Map<?, ?>) item.get("legacy")).get("scopes").toString()).contains("oob.granted");
        assertThat(((Map<?, ?>) item.get("engine")).get("scopes").toString()).doesNotContain("oob.granted");
        // The list follows each verdict; the counts come with the checker's next status, within a second.
        await("counted in the checker's status").atMost(Duration.ofSeconds(5))
                .until(() -> CheckerSignals.divergence().getLong("settled.major") == 1);
        JsonPath list = CheckerSignals.divergence();
        assertThat(list.getLong("settled.major")).isEqualTo(1);
        assertThat(list.getLong("total")).isEqualTo(1);
        assertThat(CheckerSignals.repairs().getList("recent")).as("nothing repairs by itself").isEmpty();
        assertThat(guard(DivergenceZeroGuard.NAME)).containsEntry("status", "FAILED")
                .containsEntry("reason", DivergenceZeroGuard.SETTLED.formatted(1, 0, 1, "3s"));

        as(VIEWER).body(Map.of("tokenIds", List.of(token.id()))).post("/admin/repair").then().statusCode(403);
        as(OPERATOR).body(Map.of("tokenIds", List.of(token.id()))).post("/admin/repair").then().statusCode(200)
                .body("results[0].tokenId", equalTo(token.id()))
                .body("results[0].outcome", equalTo("repaired"));

        await("the divergence is gone").atMost(Duration.ofSeconds(10)).until(() -> divergenceOf(token.id()) == null);
        assertThat(read(token.id(), ReadFlag.LEGACY)).isEqualTo(read(token.id(), ReadFlag.ENGINE));
        assertThat(read(token.id(), ReadFlag.ENGINE).get("scopes").toString()).contains("oob.granted");
        assertThat(CheckerSignals.repairs().getString("counts.repaired")).isEqualTo("1");

        // The tombstone removes the id from the list at once; the counts follow with the next status.
        await("zero, not yet for the window, right after the repair").atMost(Duration.ofSeconds(5))
                .until(() -> guard(DivergenceZeroGuard.NAME).get("reason").toString()
                        .matches("settled divergence zero for \\d+s, must be 0 for 3s|no settled .*"));
        await("divergence-zero passes once zero for the window").atMost(Duration.ofSeconds(20))
                .until(() -> "OK".equals(guard(DivergenceZeroGuard.NAME).get("status")));
        assertThat(guard(DivergenceZeroGuard.NAME).get("reason").toString())
                .matches("no settled critical or major divergence for \\d+s \\(0 minor, \\d+ pending\\)");
    }

    @Test
    void checkerLagPassesWhileTheCheckerRunsAndIsUnknownOnceItIsKilled() {
        await("checker-lag passes").atMost(Duration.ofSeconds(30))
                .until(() -> "OK".equals(guard(CheckerLagGuard.NAME).get("status")));
        assertThat(guard(CheckerLagGuard.NAME).get("reason").toString())
                .matches("checker lag legacy \\d+\\.\\ds, engine \\d+\\.\\ds, under 5s");
        JsonPath snapshot = CheckerSignals.checker();
        assertThat(snapshot.getList("partitions.covered")).hasSize(3);
        assertThat(snapshot.getInt("partitions.expected")).isEqualTo(3);
        assertThat(snapshot.getList("instances")).hasSize(1);
        assertThat(registry.get(CheckerMetrics.REPORTING).gauge().value()).isEqualTo(1.0);

        checker.kill();
        await("checker-lag unknown once the status is stale").atMost(Duration.ofSeconds(15))
                .until(() -> "UNKNOWN".equals(guard(CheckerLagGuard.NAME).get("status")));
        assertThat(guard(CheckerLagGuard.NAME)).containsEntry("reason", CheckerLagGuard.NO_SIGNAL);
        assertThat(guard(DivergenceZeroGuard.NAME)).containsEntry("status", "UNKNOWN");
        JsonPath stale = CheckerSignals.checker();
        assertThat(stale.getBoolean("reporting")).isFalse();
        assertThat(stale.getBoolean("instances[0].fresh")).isFalse();
        assertThat(stale.getString("instances[0].state")).as("a killed checker's last word").isEqualTo("RUNNING");
        assertThat(registry.get(CheckerMetrics.REPORTING).gauge().value()).isEqualTo(0.0);
    }

    @Test
    void badQueriesAndRepairRequestsAreRefusedNamingTheParameter() {
        as(VIEWER).get("/admin/divergence?severity=severe").then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("severity"))
                .body("detail", containsString("\"severe\""))
                .body("detail", containsString("critical, major, minor"));
        for (String limit : List.of("0", "1001", "ten")) {
            as(VIEWER).get("/admin/divergence?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("limit"))
                    .body("detail", containsString("\"" + limit + "\""))
                    .body("detail", containsString("1 to 1000"));
        }
        given().get("/admin/divergence").then().statusCode(401);

        String good = random.id();
        as(OPERATOR).body(Map.of("tokenIds", List.of(good, "NOT-AN-ID.secret"))).post("/admin/repair").then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("tokenIds"))
                .body("detail", containsString("tokenIds[1]"))
                .body("detail", containsString("a string of 16 characters"));
        as(OPERATOR).body(Map.of("tokenIds", List.of())).post("/admin/repair").then().statusCode(400)
                .body("detail", containsString("1 to 100"));
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> random.id()).toList();
        as(OPERATOR).body(Map.of("tokenIds", tooMany)).post("/admin/repair").then().statusCode(400)
                .body("detail", containsString("found 101"));
        assertThat(CheckerSignals.repairs().getList("recent", Map.class))
                .as("nothing repaired by a refused request").noneMatch(r -> good.equals(r.get("tokenId")));

        Control.set(control, MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO);
        as(OPERATOR).body(Map.of("tokenIds", List.of(good))).post("/admin/repair").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("nothing to converge"));
    }

    /** The token as the API serves it with the read flag on {@code flag}. */
    private Map<String, Object> read(String id, ReadFlag flag) {
        Control.flag(control, flag);
        try {
            return store().get("/v1/tokens/{id}", id).then().statusCode(200).extract().jsonPath().getMap("");
        } finally {
            Control.flag(control, ReadFlag.AUTO);
        }
    }
}
