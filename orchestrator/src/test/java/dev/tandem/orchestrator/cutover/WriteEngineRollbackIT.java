package dev.tandem.orchestrator.cutover;

import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.admin.MigrationController;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.orchestrator.guard.RollbackReadiness;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The proof: a rollback from WRITE_ENGINE loses nothing. Writes made while the engine is
 * primary (issue, refresh-chain rotation, revocations) are read back from legacy after stepping back,
 * through the API with reads pinned to legacy and from the legacy store itself; and rollback
 * readiness says so beforehand. Guards have no real signals yet, so forward steps are forced.
 */
@QuarkusTest
@TestProfile(WriteEngineRollbackIT.PatientMirror.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class WriteEngineRollbackIT {

    /**
     * On a machine shared with other builds a legacy write can take over the default mirror timeout
     * (1 s); such a write is counted as unmirrored, which readiness rightly reports as not lossless.
     * Here the proof is about writes that were mirrored, so the mirror gets time enough.
     */
    public static class PatientMirror implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.write.mirror-timeout-ms", "30000");
        }
    }

    private static final String OPERATOR = "test-operator-token";
    private static final List<String> PHASES = List.of("LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE",
            "WRITE_ENGINE", "ENGINE_ONLY");
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(20);

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Inject
    LegacyTokenStore legacy;
    @Inject
    EngineTokenStore engine;

    @BeforeEach
    void inWriteEngineWithReadsAuto() {
        await("control plane ready").atMost(Duration.ofSeconds(30))
                .until(() -> admin().get("/admin/migration").then().extract().jsonPath().getBoolean("instance.ready"));
        JsonPath state = status();
        if (!state.getString("phase").equals("LEGACY_ONLY")) {
            phase("LEGACY_ONLY", false).statusCode(200);
        }
        reads("auto").statusCode(200);
        for (String phase : PHASES.subList(1, PHASES.indexOf("WRITE_ENGINE") + 1)) {
            phase(phase, true).statusCode(200);
        }
        assertThat(status().getString("phase")).isEqualTo("WRITE_ENGINE");
    }

    @ParameterizedTest(name = "back to {0}")
    @ValueSource(strings = {"DUAL_WRITE", "LEGACY_ONLY"})
    void everyWriteMadeWhileTheEngineWasPrimaryIsInLegacyAfterARollback(String target) {
        Map<String, JsonPath> written = enginePrimaryWrites();
        admin().get("/admin/migration").then().statusCode(200)
                .body("rollbackReadiness.lossless", equalTo(true));

        phase(target, false).statusCode(200).body("to", equalTo(target)).body("forced", equalTo(false));
        reads("legacy").statusCode(200).body("state.reads.effective", equalTo("legacy"));

        Set<TokenField> coarse = EnumSet.noneOf(TokenField.class);
        coarse.addAll(legacy.approximatedFields());
        coarse.addAll(engine.approximatedFields());
        for (Map.Entry<String, JsonPath> write : written.entrySet()) {
            String id = write.getKey();
            JsonPath acknowledged = write.getValue();
            JsonPath served = store().get("/v1/tokens/{id}", id).then().statusCode(200).extract().jsonPath();
            // Legacy keeps whether a token is revoked, not exactly when (LegacyTokenStore.approximatedFields).
            assertThat(withoutRevocationTime(served)).as("token %s read through the API from legacy", id)
                    .isEqualTo(withoutRevocationTime(acknowledged));
            assertThat(served.getString("revokedAt") != null).as("%s revoked as acknowledged", id)
                    .isEqualTo(acknowledged.getString("revokedAt") != null);

            TokenRecord inLegacy = legacy.find(id).await().atMost(STORE_TIMEOUT)
                    .orElseThrow(() -> new AssertionError("legacy lacks " + id + " written while the engine was primary"));
            TokenRecord inEngine = engine.find(id).await().atMost(STORE_TIMEOUT).orElseThrow();
            assertThat(TokenComparison.differences(inLegacy, inEngine, coarse)).as("legacy vs engine for %s", id).isEmpty();
            assertThat(inLegacy.version()).as("version of %s", id).isEqualTo(acknowledged.getLong("version"));
            assertThat(inLegacy.isRevoked()).as("revoked %s", id).isEqualTo(acknowledged.getString("revokedAt") != null);
        }
    }

    @Test
    void rollbackReadinessIsLosslessAfterMirroredWritesAndEndsAtThePointOfNoReturn() {
        enginePrimaryWrites();

        admin().get("/admin/migration").then().statusCode(200)
                .body("rollbackReadiness.lossless", equalTo(true))
                .body("rollbackReadiness.detail", equalTo(RollbackReadiness.ALL_MIRRORED + RollbackReadiness.CHECKER_NOT_WIRED))
                .body("mirrorFailures", equalTo(0));
    }

    @Test
    void enteringEngineOnlyWithGuardsNotOkIsRefusedNamingThePointOfNoReturnAndEveryGuard() {
        long before = status().getLong("revision");

        JsonPath problem = phase("ENGINE_ONLY", false).statusCode(409).contentType("application/problem+json")
                .extract().jsonPath();

        List<Map<String, Object>> failing = problem.<Map<String, Object>>getList("guards").stream()
                .filter(guard -> !Boolean.TRUE.equals(guard.get("ok"))).toList();
        assertThat(failing).as("guards without real signals yet").isNotEmpty();
        String lines = failing.stream().map(guard -> guard.get("name") + ": " + guard.get("status") + " (" + guard.get("reason") + ")")
                .collect(Collectors.joining("; "));
        assertThat(problem.getString("detail")).isEqualTo(MigrationController.POINT_OF_NO_RETURN_REFUSED.formatted(
                "WRITE_ENGINE", "ENGINE_ONLY", "ENGINE_ONLY", failing.size(), problem.getList("guards").size(), lines));
        assertThat(status().getLong("revision")).isEqualTo(before);
        assertThat(status().getString("phase")).isEqualTo("WRITE_ENGINE");
    }

    @Test
    void aDryRunIntoEngineOnlyPrintsThePlanAndEveryVerdictAndChangesNothing() {
        long before = status().getLong("revision");

        JsonPath plan = admin().body(Map.of("to", "ENGINE_ONLY", "reason", "rehearse", "dryRun", true))
                .post("/admin/migration/phase").then().statusCode(200).extract().jsonPath();

        assertThat(plan.getBoolean("dryRun")).isTrue();
        assertThat(plan.getBoolean("applied")).isFalse();
        assertThat(plan.getBoolean("refused")).isTrue();
        assertThat(plan.getString("refusal")).startsWith("WRITE_ENGINE -> ENGINE_ONLY refused: ENGINE_ONLY is the"
                + " POINT_OF_NO_RETURN");
        assertThat(plan.getBoolean("entersPointOfNoReturn")).isTrue();
        assertThat(plan.getList("guards.name")).containsExactly("engine-reachable", "backfill-complete",
                "verification-clean", "divergence-zero", "checker-lag", "replay-queue-empty");
        assertThat(plan.getString("guards.find { it.name == 'replay-queue-empty' }.reason"))
                .isEqualTo("the replay queue is empty: every failed mirror write was replayed into both stores");
        assertThat(status().getLong("revision")).isEqualTo(before);
    }

    /**
     * Through the token API while the engine is primary: an access token, an authorization code, a
     * refresh chain rotated twice (new token in the family, old one revoked), a revoked access token
     * and a revoked family. Answers each token's last acknowledged state, as the API answered it.
     */
    private Map<String, JsonPath> enginePrimaryWrites() {
        Map<String, JsonPath> written = new LinkedHashMap<>();
        for (TokenKind kind : List.of(TokenKind.ACCESS_TOKEN, TokenKind.AUTHORIZATION_CODE)) {
            TokenRecord token = random.record(kind).toBuilder().revokedAt(null).build();
            written.put(token.id(), put(token));
        }
        String chain = "grant-" + random.nextLong(1L << 40);
        List<TokenRecord> refreshes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TokenRecord refresh = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).familyId(chain).build();
            written.put(refresh.id(), put(refresh));
            if (!refreshes.isEmpty()) {
                TokenRecord rotated = refreshes.get(refreshes.size() - 1);
                written.put(rotated.id(), store().post("/v1/tokens/{id}/revoke", rotated.id()).then().statusCode(200)
                        .extract().jsonPath());
            }
            refreshes.add(refresh);
        }
        TokenRecord revoked = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).build();
        put(revoked);
        written.put(revoked.id(), store().post("/v1/tokens/{id}/revoke", revoked.id()).then().statusCode(200).extract().jsonPath());

        String family = "grant-" + random.nextLong(1L << 40);
        List<String> familyIds = new ArrayList<>();
        for (TokenKind kind : List.of(TokenKind.REFRESH_TOKEN, TokenKind.ACCESS_TOKEN)) {
            TokenRecord member = random.record(kind).toBuilder().revokedAt(null).familyId(family).build();
            put(member);
            familyIds.add(member.id());
        }
        store().post("/v1/families/{family}/revoke", family).then().statusCode(200).body("revoked", equalTo(2));
        for (String id : familyIds) {
            written.put(id, store().get("/v1/tokens/{id}", id).then().statusCode(200).extract().jsonPath());
        }

        assertThat(written.values().stream().filter(token -> token.getString("revokedAt") != null).count())
                .as("revoked: the first two links of the chain, one access token, the whole family").isEqualTo(5);
        return written;
    }

    private static Map<String, Object> withoutRevocationTime(JsonPath token) {
        Map<String, Object> fields = new LinkedHashMap<>(token.getMap(""));
        fields.remove("revokedAt");
        return fields;
    }

    private static JsonPath put(TokenRecord token) {
        return store().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + OPERATOR).contentType(ContentType.JSON);
    }

    private static JsonPath status() {
        return admin().get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse phase(String to, boolean force) {
        return admin().body(Map.of("to", to, "reason", "rollback proof", "force", force)).post("/admin/migration/phase").then();
    }

    private static ValidatableResponse reads(String flag) {
        return admin().body(Map.of("flag", flag, "reason", "rollback proof")).put("/admin/migration/reads").then();
    }
}
