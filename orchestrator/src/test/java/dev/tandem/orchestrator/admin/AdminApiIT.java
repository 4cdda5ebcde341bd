package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.guard.BackfillCompleteGuard;
import dev.tandem.orchestrator.guard.CheckerLagGuard;
import dev.tandem.orchestrator.guard.DivergenceZeroGuard;
import dev.tandem.orchestrator.guard.EngineReachableGuard;
import dev.tandem.orchestrator.guard.VerificationCleanGuard;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.VIEWER;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static dev.tandem.orchestrator.admin.AdminApi.audit;
import static dev.tandem.orchestrator.admin.AdminApi.body;
import static dev.tandem.orchestrator.admin.AdminApi.forceTo;
import static dev.tandem.orchestrator.admin.AdminApi.phase;
import static dev.tandem.orchestrator.admin.AdminApi.reads;
import static dev.tandem.orchestrator.admin.AdminApi.revision;
import static dev.tandem.orchestrator.admin.AdminApi.rollback;
import static dev.tandem.orchestrator.admin.AdminApi.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The admin API on the real servers, with its own control log. Every test starts from
 * LEGACY_ONLY (backward steps pass while legacy holds every write), so none depends on another's order.
 */
@QuarkusTest
@TestProfile(AdminApiIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class AdminApiIT {

    /** A profile of its own: the app (and its fresh control topic) is not shared with other test classes. */
    public static class OwnControlLog implements QuarkusTestProfile {
    }

    /** No checker runs in this test: its two guards cannot know; the backfill and verification know they never ran. */
    private static final List<String> UNKNOWN_GUARDS = List.of(DivergenceZeroGuard.NAME, CheckerLagGuard.NAME);

    @BeforeEach
    void startFromLegacyOnly() {
        AdminApi.resetToLegacyOnly();
    }

    @Test
    void statusShowsPhaseReadsNextStepGuardsAndInstance() {
        status()
                .body("phase", equalTo("LEGACY_ONLY"))
                .body("revision", notNullValue())
                .body("reads.flag", equalTo("auto"))
                .body("reads.rampPercent", equalTo(100))
                .body("reads.effective", equalTo("legacy"))
                .body("nextPhase", equalTo("DUAL_WRITE"))
                .body("guards.name", contains(EngineReachableGuard.NAME))
                .body("guards[0].ok", equalTo(true))
                .body("guards[0].status", equalTo("OK"))
                .body("guards[0].reason", containsString("the engine answered a lookup in"))
                .body("mirrorFailures", notNullValue())
                .body("autoCutover", equalTo(false))
                .body("instance.nodeId", equalTo(1))
                .body("instance.ready", equalTo(true));
    }

    @Test
    void unforcedDualWriteIsAppliedWhenTheEngineAnswers() {
        long before = revision();

        phase("DUAL_WRITE", "start mirroring", false).statusCode(200)
                .body("applied", equalTo(true))
                .body("dryRun", equalTo(false))
                .body("from", equalTo("LEGACY_ONLY"))
                .body("to", equalTo("DUAL_WRITE"))
                .body("forced", equalTo(false))
                .body("guards.name", contains(EngineReachableGuard.NAME))
                .body("state.phase", equalTo("DUAL_WRITE"))
                .body("state.revision", equalTo((int) before + 1))
                .body("state.nextPhase", equalTo("SHADOW_READ"));

        status().body("phase", equalTo("DUAL_WRITE"));
        Map<String, Object> entry = last(audit());
        assertThat(entry).containsEntry("action", "phase").containsEntry("actor", "test-operator")
                .containsEntry("reason", "start mirroring").containsEntry("forced", false)
                .containsEntry("revision", (int) before + 1);
        assertThat(entry.get("from")).isEqualTo(Map.of("phase", "LEGACY_ONLY", "flag", "auto", "rampPercent", 100, "autoCutover", false));
        assertThat(entry.get("to")).isEqualTo(Map.of("phase", "DUAL_WRITE", "flag", "auto", "rampPercent", 100, "autoCutover", false));
        assertThat(entry.get("at")).asString().endsWith("Z");
    }

    @Test
    void unforcedShadowReadIsRefusedNamingTheGuardsWithoutSignal() {
        phase("DUAL_WRITE", "start mirroring", false).statusCode(200);
        long before = revision();
        int audited = audit().size();

        phase("SHADOW_READ", "compare reads", false).statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("DUAL_WRITE -> SHADOW_READ refused: 4 of 5 guards are not OK"))
                .body("detail", containsString(DivergenceZeroGuard.NAME))
                .body("guards.name", contains(EngineReachableGuard.NAME, BackfillCompleteGuard.NAME,
                        VerificationCleanGuard.NAME, DivergenceZeroGuard.NAME, CheckerLagGuard.NAME))
                .body("guards.findAll { it.status == 'UNKNOWN' }.name", equalTo(UNKNOWN_GUARDS))
                .body("guards.find { it.name == 'divergence-zero' }.reason", equalTo(DivergenceZeroGuard.NO_SIGNAL))
                .body("guards.find { it.name == 'checker-lag' }.reason", equalTo(CheckerLagGuard.NO_SIGNAL))
                .body("guards.find { it.name == 'backfill-complete' }.ok", equalTo(false));

        status().body("phase", equalTo("DUAL_WRITE")).body("revision", equalTo((int) before));
        assertThat(audit()).hasSize(audited);
    }

    @Test
    void forcedShadowReadIsAppliedAndAuditedAsForcedWithTheVerdicts() {
        phase("DUAL_WRITE", "start mirroring", false).statusCode(200);

        phase("SHADOW_READ", "checker not deployed yet", true).statusCode(200)
                .body("applied", equalTo(true))
                .body("forced", equalTo(true))
                .body("state.phase", equalTo("SHADOW_READ"));

        Map<String, Object> entry = last(audit());
        assertThat(entry).containsEntry("forced", true).containsEntry("reason", "checker not deployed yet");
        assertThat(entry.get("guards")).asList().contains(
                "divergence-zero: UNKNOWN (" + DivergenceZeroGuard.NO_SIGNAL + ")",
                "backfill-complete: FAILED (" + BackfillCompleteGuard.NEVER_STARTED + ")");
    }

    @Test
    void forceWithEveryGuardOkIsNotAuditedAsForced() {
        phase("DUAL_WRITE", "guards hold anyway", true).statusCode(200).body("forced", equalTo(false));

        assertThat(last(audit())).containsEntry("forced", false);
    }

    @Test
    void backwardStepsNeedOnlyRollbackReadinessAndMaySkipPhases() {
        forceTo("WRITE_ENGINE");

        phase("SHADOW_READ", "engine writes look wrong", false).statusCode(200)
                .body("guards.name", contains("rollback-readiness"))
                .body("guards[0].ok", equalTo(true))
                .body("state.phase", equalTo("SHADOW_READ"));
        phase("LEGACY_ONLY", "stop everything", false).statusCode(200)
                .body("from", equalTo("SHADOW_READ"))
                .body("state.phase", equalTo("LEGACY_ONLY"));
    }

    @Test
    void aStepBackToLegacyOnlyUnpinsReadsFromTheEngine() {
        forceTo("READ_ENGINE");
        reads("engine", null, "all to the engine").statusCode(200);

        phase("LEGACY_ONLY", "abort the migration", false).statusCode(200)
                .body("state.phase", equalTo("LEGACY_ONLY"))
                .body("state.reads.flag", equalTo("auto"))
                .body("state.reads.effective", equalTo("legacy"));

        assertThat(last(audit()).get("to")).isEqualTo(Map.of("phase", "LEGACY_ONLY", "flag", "auto", "rampPercent", 100, "autoCutover", false));
    }

    @Test
    void skippingAForwardPhaseIsRefusedEvenWhenForced() {
        long before = revision();

        phase("READ_ENGINE", "hurry", true).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("LEGACY_ONLY cannot step to READ_ENGINE (allowed from LEGACY_ONLY: [DUAL_WRITE])"))
                .body("allowed", contains("DUAL_WRITE"));

        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void enteringEngineOnlyWhileReadsArePinnedToLegacyIsRefused() {
        forceTo("WRITE_ENGINE");
        rollback("engine reads look wrong").statusCode(200);

        phase("ENGINE_ONLY", "finish", true).statusCode(409)
                .body("detail", equalTo(MigrationController.READS_PINNED_TO_LEGACY));
    }

    @Test
    void dryRunsAnswerThePlanAndWriteNothing() {
        long before = revision();
        int audited = audit().size();

        as(OPERATOR).body(body("to", "DUAL_WRITE", "reason", "plan", "dryRun", true)).post("/admin/migration/phase")
                .then().statusCode(200)
                .body("applied", equalTo(false))
                .body("dryRun", equalTo(true))
                .body("refused", equalTo(false))
                .body("from", equalTo("LEGACY_ONLY"))
                .body("to", equalTo("DUAL_WRITE"))
                .body("guards.name", contains(EngineReachableGuard.NAME))
                .body("state.phase", equalTo("LEGACY_ONLY"));
        as(OPERATOR).body(body("flag", "legacy", "rampPercent", 20, "reason", "plan", "dryRun", true))
                .put("/admin/migration/reads").then().statusCode(200)
                .body("applied", equalTo(false))
                .body("from.flag", equalTo("auto"))
                .body("to.flag", equalTo("legacy"))
                .body("to.rampPercent", equalTo(20));
        as(OPERATOR).body(body("reason", "plan", "dryRun", true)).post("/admin/migration/rollback").then().statusCode(200)
                .body("dryRun", equalTo(true))
                .body("to.flag", equalTo("legacy"));

        assertThat(revision()).isEqualTo(before);
        assertThat(audit()).hasSize(audited);
        status().body("phase", equalTo("LEGACY_ONLY")).body("reads.flag", equalTo("auto"));
    }

    @Test
    void dryRunOfAGuardedStepSaysItWouldBeRefused() {
        phase("DUAL_WRITE", "start mirroring", false).statusCode(200);
        long before = revision();

        as(OPERATOR).body(body("to", "SHADOW_READ", "reason", "plan", "dryRun", true)).post("/admin/migration/phase")
                .then().statusCode(200)
                .body("applied", equalTo(false))
                .body("refused", equalTo(true))
                .body("refusal", containsString("DUAL_WRITE -> SHADOW_READ refused"))
                .body("guards.findAll { it.status == 'UNKNOWN' }.name", equalTo(UNKNOWN_GUARDS));
        as(OPERATOR).body(body("to", "SHADOW_READ", "reason", "plan", "dryRun", true, "force", true))
                .post("/admin/migration/phase").then().statusCode(200)
                .body("refused", equalTo(false))
                .body("forced", equalTo(true));

        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void dryRunOfTheStepIntoEngineOnlySaysItIsThePointOfNoReturn() {
        forceTo("WRITE_ENGINE");
        long before = revision();

        as(OPERATOR).body(body("to", "ENGINE_ONLY", "reason", "plan the end", "dryRun", true, "force", true))
                .post("/admin/migration/phase").then().statusCode(200)
                .body("applied", equalTo(false))
                .body("entersPointOfNoReturn", equalTo(true))
                .body("state.pointOfNoReturn", equalTo("ENGINE_ONLY"));
        as(OPERATOR).body(body("to", "READ_ENGINE", "reason", "plan a step back", "dryRun", true))
                .post("/admin/migration/phase").then().statusCode(200)
                .body("entersPointOfNoReturn", equalTo(false));

        assertThat(revision()).isEqualTo(before);
        status().body("phase", equalTo("WRITE_ENGINE"));
    }

    @Test
    void readFlagAndRampApplyAtOnceAndKeepTheRampWhenAbsent() {
        forceTo("READ_ENGINE");

        reads("auto", 25, "ramp up").statusCode(200)
                .body("applied", equalTo(true))
                .body("to.rampPercent", equalTo(25))
                .body("state.reads.effective", equalTo("split"));
        reads("engine", null, "all to the engine").statusCode(200)
                .body("to.flag", equalTo("engine"))
                .body("to.rampPercent", equalTo(25))
                .body("state.reads.effective", equalTo("engine"));
        assertThat(last(audit())).containsEntry("action", "reads").containsEntry("reason", "all to the engine");
    }

    @Test
    void readsFromTheEngineAreRefusedWhileItReceivesNoWrites() {
        reads("engine", null, "too early").statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo(MigrationController.ENGINE_FLAG_IN_LEGACY_ONLY));
    }

    @Test
    void rollbackSendsReadsToLegacyAndIsAudited() {
        forceTo("READ_ENGINE");
        reads("engine", 100, "all in").statusCode(200);

        rollback("p99 doubled").statusCode(200)
                .body("applied", equalTo(true))
                .body("action", equalTo("rollback"))
                .body("from.flag", equalTo("engine"))
                .body("to.flag", equalTo("legacy"))
                .body("state.phase", equalTo("READ_ENGINE"))
                .body("state.reads.effective", equalTo("legacy"));

        assertThat(last(audit())).containsEntry("action", "rollback").containsEntry("reason", "p99 doubled")
                .containsEntry("actor", "test-operator");
    }

    @Test
    void aChangeDecidedOnAnOldRevisionIsAConflict() {
        long current = revision();

        as(OPERATOR).body(body("flag", "legacy", "reason", "stale", "expectedRevision", current - 1))
                .put("/admin/migration/reads").then().statusCode(409)
                .contentType("application/problem+json")
                .body("expectedRevision", equalTo((int) current - 1))
                .body("actualRevision", equalTo((int) current));
        as(OPERATOR).body(body("flag", "legacy", "reason", "fresh", "expectedRevision", current))
                .put("/admin/migration/reads").then().statusCode(200);
    }

    @Test
    void auditLimitKeepsTheNewestEntries() {
        reads("legacy", 10, "first").statusCode(200);
        reads("auto", 20, "second").statusCode(200);

        List<Map<String, Object>> newest = as(VIEWER).get("/admin/audit?limit=2").then().statusCode(200)
                .extract().jsonPath().getList("entries");
        assertThat(newest).extracting(entry -> entry.get("reason")).containsExactly("first", "second");
    }

    // ---- auth ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /admin/migration", "GET, /admin/audit", "POST, /admin/migration/phase",
            "PUT, /admin/migration/reads", "POST, /admin/migration/rollback"})
    void withoutATokenEveryEndpointAnswers401(String method, String path) {
        given().contentType(ContentType.JSON).body("{\"reason\":\"x\"}").request(method, path).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", equalTo(AdminAuthFilter.TOKEN_MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Bearer not-a-known-token", "Basic dGVzdDp0ZXN0", "Bearer", "test-operator-token"})
    void anUnknownTokenOrSchemeAnswers401(String authorization) {
        given().header("Authorization", authorization).get("/admin/migration").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"reason\":\"viewer tries\"}",
            "PUT  | /admin/migration/reads    | {\"flag\":\"legacy\",\"reason\":\"viewer tries\"}",
            "POST | /admin/migration/rollback | {\"reason\":\"viewer tries\"}"})
    void aViewerMayNotChangeAnything(String method, String path, String json) {
        long before = revision();

        as(VIEWER).body(json).request(method, path).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("token \"test-viewer\" has role viewer"))
                .body("requiredRole", equalTo("operator"));

        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void aViewerMayReadStatusAndAudit() {
        as(VIEWER).get("/admin/migration").then().statusCode(200).body("phase", equalTo("LEGACY_ONLY"));
        as(VIEWER).get("/admin/audit").then().statusCode(200).body("entries.actor", everyItem(notNullValue()));
    }

    // ---- bad input -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "POST | /admin/migration/phase    | ``                                                | body  | a JSON object body is required",
            "POST | /admin/migration/phase    | {                                                 | body  | the body is not valid JSON (line 1",
            "POST | /admin/migration/phase    | [1]                                               | body  | the body must be a JSON object",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\"} trailing                    | body  | the body is not valid JSON",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"to\":\"SHADOW_READ\",\"reason\":\"x\"} | body | not valid JSON",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\"}                             | reason | reason is required",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"reason\":\"  \"}           | reason | reason is required",
            "POST | /admin/migration/phase    | {\"reason\":\"x\"}                                  | to    | to is required (valid: LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_ENGINE, WRITE_ENGINE, ENGINE_ONLY)",
            "POST | /admin/migration/phase    | {\"to\":\"SIDEWAYS\",\"reason\":\"x\"}              | to    | to: \"SIDEWAYS\" is not a phase (valid: LEGACY_ONLY, DUAL_WRITE",
            "POST | /admin/migration/phase    | {\"to\":5,\"reason\":\"x\"}                         | to    | to: expected a string, found a whole number",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"reason\":\"x\",\"force\":\"yes\"} | force | force: expected true or false, found a string",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"reason\":\"x\",\"expectedRevision\":1.5} | expectedRevision | expectedRevision: expected a whole number, found a decimal number",
            "POST | /admin/migration/phase    | {\"to\":\"DUAL_WRITE\",\"reason\":\"x\",\"phase\":1} | phase | unknown field \"phase\" (valid: to, reason, force, dryRun, expectedRevision)",
            "PUT  | /admin/migration/reads    | {\"reason\":\"x\"}                                  | flag  | flag is required (valid: legacy, engine, auto)",
            "PUT  | /admin/migration/reads    | {\"flag\":\"sideways\",\"reason\":\"x\"}            | flag  | flag: \"sideways\" is not a read flag (valid: legacy, engine, auto)",
            "PUT  | /admin/migration/reads    | {\"flag\":\"auto\",\"rampPercent\":101,\"reason\":\"x\"} | rampPercent | rampPercent 101 is out of range (valid: 0 to 100)",
            "PUT  | /admin/migration/reads    | {\"flag\":\"auto\",\"rampPercent\":-1,\"reason\":\"x\"} | rampPercent | rampPercent -1 is out of range (valid: 0 to 100)",
            "PUT  | /admin/migration/reads    | {\"flag\":\"auto\",\"rampPercent\":\"50\",\"reason\":\"x\"} | rampPercent | rampPercent: expected a whole number, found a string",
            "PUT  | /admin/migration/reads    | {\"flag\":\"auto\",\"rampPercent\":99999999999,\"reason\":\"x\"} | rampPercent | rampPercent: the number is out of range",
            "PUT  | /admin/migration/reads    | {\"flag\":\"auto\"}                                 | reason | reason is required",
            "POST | /admin/migration/rollback | {}                                                | reason | reason is required",
            "POST | /admin/migration/rollback | {\"reason\":\"line one\\nforged line\"}          | reason | reason contains control characters",
            "POST | /admin/migration/rollback | {\"reason\":true}                                  | reason | reason: expected a string, found a boolean",
            "POST | /admin/migration/rollback | {\"reason\":\"x\",\"flag\":\"legacy\"}              | flag  | unknown field \"flag\" (valid: reason, dryRun, expectedRevision)",
    })
    void badInputIsRefused400NamingTheFieldAndWritesNothing(String method, String path, String json, String field,
                                                            String detail) {
        long before = revision();

        as(OPERATOR).body(json == null ? "" : json).request(method, path).then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString(detail))
                .body("field", field.equals("body") ? nullValue() : equalTo(field));

        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void aReasonLongerThanTheLimitIsRefused() {
        as(OPERATOR).body(body("to", "DUAL_WRITE", "reason", "x".repeat(MigrationController.MAX_REASON_CHARS + 1)))
                .post("/admin/migration/phase").then().statusCode(400)
                .body("detail", equalTo("reason has 501 characters (valid: 1 to 500)"));
    }

    @ParameterizedTest(name = "limit={0}")
    @CsvSource({"0", "-3", "abc", "1.5"})
    void aBadAuditLimitIsRefused(String limit) {
        as(VIEWER).get("/admin/audit?limit=" + limit).then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("limit"));
    }

    private static Map<String, Object> last(List<Map<String, Object>> entries) {
        assertThat(entries).isNotEmpty();
        return entries.get(entries.size() - 1);
    }
}
