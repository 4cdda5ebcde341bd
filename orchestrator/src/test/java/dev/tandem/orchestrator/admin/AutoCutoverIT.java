package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.cutover.CutoverLoop;
import dev.tandem.orchestrator.cutover.RampPolicy;
import dev.tandem.orchestrator.guard.DivergenceZeroGuard;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.VIEWER;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static dev.tandem.orchestrator.admin.AdminApi.audit;
import static dev.tandem.orchestrator.admin.AdminApi.body;
import static dev.tandem.orchestrator.admin.AdminApi.forceTo;
import static dev.tandem.orchestrator.admin.AdminApi.reads;
import static dev.tandem.orchestrator.admin.AdminApi.revision;
import static dev.tandem.orchestrator.admin.AdminApi.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The automatic cutover's switch through the admin API: audited, applied through the control log,
 * kept across other changes; and its loop, which with guards that have no signal yet holds and
 * says why. (The ramp's decisions themselves are covered case by case in RampPolicyTest.)
 */
@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class AutoCutoverIT {
    /** The test profile's loop runs every 250 ms with a 2 s dwell (application.properties). */
    private static final Duration LOOP_BOUND = Duration.ofSeconds(15);

    @Inject
    ControlPlane control;

    @BeforeEach
    void legacyOnlyWithAutoCutoverOff() {
        AdminApi.resetToLegacyOnly();
        if (status().extract().jsonPath().getBoolean("autoCutover")) {
            autoCutover(false, "test reset").statusCode(200);
        }
    }

    @AfterEach
    void autoCutoverOff() {
        if (status().extract().jsonPath().getBoolean("autoCutover")) {
            autoCutover(false, "test done").statusCode(200);
        }
    }

    @Test
    void switchingItOnAndOffIsAppliedEverywhereAndAuditedWithWhoAndWhy() {
        long before = revision();

        autoCutover(true, "INC-1 let the guards drive").statusCode(200)
                .body("action", equalTo("auto-cutover"))
                .body("applied", equalTo(true))
                .body("from.autoCutover", equalTo(false))
                .body("to.autoCutover", equalTo(true))
                .body("state.autoCutover", equalTo(true))
                .body("revision", equalTo((int) before + 1));
        status().body("autoCutover", equalTo(true)).body("revision", equalTo((int) before + 1));
        assertThat(control.current().autoCutover()).as("the state folded from the control log").isTrue();

        autoCutover(false, "INC-1 hands back on").statusCode(200).body("state.autoCutover", equalTo(false));
        status().body("autoCutover", equalTo(false));

        List<Map<String, Object>> entries = audit();
        assertThat(entries.subList(entries.size() - 2, entries.size()))
                .extracting(entry -> entry.get("action") + " by " + entry.get("actor") + " (" + entry.get("reason") + "): "
                        + ((Map<?, ?>) entry.get("from")).get("autoCutover") + " -> " + ((Map<?, ?>) entry.get("to")).get("autoCutover"))
                .containsExactly("auto-cutover by test-operator (INC-1 let the guards drive): false -> true",
                        "auto-cutover by test-operator (INC-1 hands back on): true -> false");
    }

    @Test
    void aDryRunChangesNothing() {
        long before = revision();

        autoCutover(Map.of("enabled", true, "reason", "rehearse", "dryRun", true)).statusCode(200)
                .body("dryRun", equalTo(true)).body("applied", equalTo(false)).body("to.autoCutover", equalTo(true));

        status().body("autoCutover", equalTo(false)).body("revision", equalTo((int) before));
    }

    @Test
    void itStaysOnThroughOperatorsPhaseAndReadChanges() {
        autoCutover(true, "on for the walk").statusCode(200);

        AdminApi.phase("DUAL_WRITE", "next", true).statusCode(200).body("state.autoCutover", equalTo(true));
        reads("auto", 40, "ramp by hand").statusCode(200).body("state.autoCutover", equalTo(true));
        AdminApi.rollback("drill").statusCode(200).body("state.autoCutover", equalTo(true));
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        long before = revision();

        autoCutover(Map.of("reason", "no switch")).statusCode(400).body("field", equalTo("enabled"))
                .body("detail", equalTo(MigrationController.ENABLED_REQUIRED));
        autoCutover(Map.of("enabled", true)).statusCode(400).body("field", equalTo("reason"))
                .body("detail", equalTo(MigrationController.REASON_REQUIRED));
        autoCutover(Map.of("enabled", "yes", "reason", "text")).statusCode(400).body("field", equalTo("enabled"))
                .body("detail", equalTo("enabled: expected true or false, found a string"));
        autoCutover(Map.of("enabled", true, "reason", "x", "ramp", 5)).statusCode(400).body("field", equalTo("ramp"));
        autoCutover(Map.of("enabled", true, "reason", "x", "expectedRevision", before + 5)).statusCode(409);
        as(VIEWER).body(body("enabled", true, "reason", "viewer tries")).put("/admin/migration/auto-cutover")
                .then().statusCode(403);

        status().body("autoCutover", equalTo(false)).body("revision", equalTo((int) before));
    }

    @Test
    void inShadowReadTheLoopHoldsWhileGuardsHaveNoSignalAndSaysWhy() {
        forceTo("SHADOW_READ");
        long on = autoCutover(true, "drive").statusCode(200).extract().jsonPath().getLong("revision");

        JsonPath seen = awaitDecisionOn(on);

        assertThat(seen.getString("ramp.lastDecision.decision")).isEqualTo("hold");
        assertThat(seen.getString("ramp.lastDecision.reason")).startsWith("waiting in SHADOW_READ: ")
                .contains(DivergenceZeroGuard.NAME + ": ");
        assertThat(seen.getString("phase")).isEqualTo("SHADOW_READ");
        assertThat(seen.getLong("revision")).isEqualTo(on);
    }

    @Test
    void inReadEngineTheRampStateIsShownAndTheLoopHoldsAfterTheDwellWithoutSignals() {
        forceTo("READ_ENGINE");
        reads("auto", 10, "second ramp step by hand").statusCode(200);
        long on = autoCutover(true, "drive").statusCode(200).extract().jsonPath().getLong("revision");

        status().body("ramp.steps", equalTo(List.of(1, 10, 50, 100)))
                .body("ramp.dwellSeconds", equalTo(2))
                .body("ramp.currentPercent", equalTo(10))
                .body("ramp.step", equalTo(2));
        await("the dwell at 10% is over and the loop looked").atMost(LOOP_BOUND).untilAsserted(() ->
                assertThat(status().extract().jsonPath().getString("ramp.lastDecision.reason"))
                        .startsWith("waiting in READ_ENGINE at ramp 10%: "));

        JsonPath seen = status().extract().jsonPath();
        assertThat(seen.getLong("revision")).as("nothing moved without signals").isEqualTo(on);
        assertThat(seen.getInt("reads.rampPercent")).isEqualTo(10);
        assertThat(audit()).noneMatch(entry -> CutoverLoop.ACTOR.equals(entry.get("actor")));
    }

    @Test
    void aReadFlagPinnedByAnOperatorPausesTheLoop() {
        forceTo("SHADOW_READ");
        AdminApi.rollback("drill").statusCode(200);
        long on = autoCutover(true, "drive").statusCode(200).extract().jsonPath().getLong("revision");

        assertThat(awaitDecisionOn(on).getString("ramp.lastDecision.reason"))
                .isEqualTo(RampPolicy.FLAG_PINNED.formatted("legacy"));
    }

    @Test
    void rollbackReadinessIsShownInEveryStatus() {
        status().body("rollbackReadiness.lossless", equalTo(true))
                .body("rollbackReadiness.detail", equalTo("legacy is the primary in LEGACY_ONLY: it has every acknowledged write"));
    }

    private static JsonPath awaitDecisionOn(long revision) {
        await("the loop decided on revision " + revision).atMost(LOOP_BOUND).untilAsserted(() ->
                assertThat(status().extract().jsonPath().getLong("ramp.lastDecision.revision")).isEqualTo(revision));
        return status().extract().jsonPath();
    }

    private static ValidatableResponse autoCutover(boolean enabled, String reason) {
        return autoCutover(Map.of("enabled", enabled, "reason", reason));
    }

    private static ValidatableResponse autoCutover(Map<String, Object> body) {
        return as(OPERATOR).body(body).put("/admin/migration/auto-cutover").then();
    }
}
