package dev.tandem.orchestrator.admin;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.Control;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.guard.BackfillCompleteGuard;
import dev.tandem.orchestrator.guard.VerificationCleanGuard;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.VIEWER;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The backfill and the full verification as an operator drives them through the admin API, on the
 * real servers: tokens written while only legacy was written reach the engine through the
 * backfill, a verification then finds the stores equal and the two guards pass; a difference
 * planted in the engine is found, reported with its field, and fails the guard.
 */
@QuarkusTest
@TestProfile(BulkJobsIT.CopyEverythingLive.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkJobsIT {
    /** Every live token is copied, whatever its expiry: the test's tokens live an hour or so. */
    public static class CopyEverythingLive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.backfill.expiry-horizon", "0s");
        }
    }

    private static final Duration JOB_LIMIT = Duration.ofSeconds(60);
    private static final int TOKENS = 40;
    private static final List<String> WRITTEN_BEFORE_DUAL_WRITE = new ArrayList<>();

    @Inject
    ControlPlane control;

    @Test
    @Order(1)
    void theBackfillNeedsTheMirrorOn() {
        Control.set(control, MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO);
        RandomTokens random = new RandomTokens(42);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < TOKENS; i++) {
            TokenRecord token = TokenBodies.token(random).toBuilder().issuedAt(now).expiresAt(now.plusSeconds(3600 + i)).build();
            store().contentType("application/json").body(TokenBodies.of(token)).put("/v1/tokens/" + token.id())
                    .then().statusCode(200);
            WRITTEN_BEFORE_DUAL_WRITE.add(token.id());
        }
        assertThat(StoreRows.engineCount()).as("LEGACY_ONLY writes legacy alone").isZero();

        as(OPERATOR).body(Map.of("action", "start", "reason", "too early")).post("/admin/backfill").then()
                .statusCode(409).body("detail", containsString("the phase is LEGACY_ONLY"));
        as(VIEWER).get("/admin/backfill").then().statusCode(200).body("state", equalTo(null));
    }

    @Test
    @Order(2)
    void theBackfillCopiesWhatOnlyLegacyHeldAndAVerificationFindsTheStoresEqual() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        assertThat(guard(BackfillCompleteGuard.NAME).get("reason")).isEqualTo(BackfillCompleteGuard.NEVER_STARTED);

        as(OPERATOR).body(Map.of("action", "start", "reason", "copy the old tokens")).post("/admin/backfill").then()
                .statusCode(200).body("state", equalTo("RUNNING"));
        await("backfill done").atMost(JOB_LIMIT).until(() -> "DONE".equals(backfill().getString("state")));

        JsonPath done = backfill();
        assertThat(done.getLong("rowsCopied")).isEqualTo(TOKENS);
        assertThat(done.getLong("liveOnlyInLegacy")).isZero();
        for (String id : WRITTEN_BEFORE_DUAL_WRITE) {
            assertThat(StoreRows.engine(id)).as("copied: " + id).isPresent();
        }
        assertThat(guard(BackfillCompleteGuard.NAME)).containsEntry("status", "OK");
        as(OPERATOR).body(Map.of("action", "start", "reason", "again")).post("/admin/backfill").then().statusCode(409);

        JsonPath run = verify();
        assertThat(run.getBoolean("clean")).isTrue();
        assertThat(run.getBoolean("fresh")).isTrue();
        assertThat(run.getString("phase")).isEqualTo("DUAL_WRITE");
        assertThat(run.getLong("rowsCompared")).isEqualTo(TOKENS);
        assertThat(guard(VerificationCleanGuard.NAME)).containsEntry("status", "OK");
    }

    @Test
    @Order(3)
    void aPlantedDifferenceIsReportedWithItsFieldAndFailsTheGuard() {
        String planted = WRITTEN_BEFORE_DUAL_WRITE.get(7);
        StoreRows.markEngine(planted, "planted-client");

        JsonPath run = verify();
        assertThat(run.getBoolean("clean")).isFalse();
        assertThat(run.getLong("differences")).isEqualTo(1);
        JsonPath report = as(VIEWER).get("/admin/verification/report").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("items.id")).containsExactly(planted);
        assertThat(report.getList("items[0].fields")).containsExactly("clientId");
        assertThat(report.getString("items[0].kind")).isEqualTo("field_mismatch");
        assertThat(guard(VerificationCleanGuard.NAME)).containsEntry("status", "FAILED");
        assertThat(guard(VerificationCleanGuard.NAME).get("reason").toString()).contains("found 1 differences");
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedPrecisely() {
        as(OPERATOR).body(Map.of("action", "explode", "reason", "x")).post("/admin/backfill").then().statusCode(400)
                .body("field", equalTo("action")).body("detail", containsString("valid: start, pause, resume, rate"));
        as(OPERATOR).body(Map.of("action", "pause")).post("/admin/backfill").then().statusCode(400)
                .body("field", equalTo("reason"));
        as(OPERATOR).body(Map.of("action", "rate", "reason", "slower")).post("/admin/backfill").then().statusCode(400)
                .body("field", equalTo("rowsPerSecond"));
        as(VIEWER).body(Map.of("action", "pause", "reason", "x")).post("/admin/backfill").then().statusCode(403);
        as(OPERATOR).body(Map.of("reason", "x", "phase", "SHADOW_READ")).post("/admin/verification").then().statusCode(400)
                .body("field", equalTo("phase"));
        as(VIEWER).queryParam("runId", "abc").get("/admin/verification/report").then().statusCode(400)
                .body("field", equalTo("runId"));
        as(VIEWER).queryParam("runId", "999999").get("/admin/verification/report").then().statusCode(404);
    }

    private static JsonPath backfill() {
        return as(VIEWER).get("/admin/backfill").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath verify() {
        long runId = as(OPERATOR).body(Map.of("reason", "check")).post("/admin/verification").then().statusCode(202)
                .extract().jsonPath().getLong("runId");
        await("verification run " + runId + " done").atMost(JOB_LIMIT).until(() -> {
            JsonPath latest = as(VIEWER).get("/admin/verification").then().statusCode(200).extract().jsonPath();
            return latest.getLong("runId") == runId && !"RUNNING".equals(latest.getString("state"));
        });
        JsonPath run = as(VIEWER).get("/admin/verification").then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("state")).isEqualTo("DONE");
        return run;
    }

    private static Map<String, Object> guard(String name) {
        List<Map<String, Object>> guards = as(VIEWER).get("/admin/migration").then().statusCode(200).extract().jsonPath()
                .getList("guards");
        return guards.stream().filter(guard -> name.equals(guard.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no guard " + name + " in " + guards));
    }
}
