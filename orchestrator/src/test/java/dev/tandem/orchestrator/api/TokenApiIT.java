package dev.tandem.orchestrator.api;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The token API's contract, in DUAL_WRITE so that every write also shows in the mirror. */
@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class TokenApiIT {
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Inject
    ControlPlane control;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @BeforeEach
    void dualWrite() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
    }

    @Test
    void theStoreApiNeedsAServiceOrOperatorTokenAndAServiceTokenOpensNothingElse() {
        TokenRecord token = TokenBodies.token(random);
        given().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id()).then()
                .statusCode(401).contentType(ProblemMapper.PROBLEM_JSON)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"tandem-admin\""));
        given().header("Authorization", "Bearer not-a-known-token").get("/v1/tokens/{id}", token.id()).then()
                .statusCode(401).header("WWW-Authenticate", containsString("invalid_token"));
        AdminApi.as(AdminApi.VIEWER).get("/v1/tokens/{id}", token.id()).then()
                .statusCode(403).contentType(ProblemMapper.PROBLEM_JSON)
                .body("detail", containsString("needs role service or operator"))
                .body("requiredRole", equalTo("service"));
        assertThat(StoreRows.legacy(token.id())).as("a refused write writes nothing").isEmpty();

        store().get("/admin/migration").then().statusCode(403).body("requiredRole", equalTo("viewer"));
        store().contentType(ContentType.JSON).body(Map.of("reason", "a leaked service token"))
                .post("/admin/migration/rollback").then().statusCode(403).body("requiredRole", equalTo("operator"));

        put(token).statusCode(200);
        AdminApi.as(AdminApi.OPERATOR).get("/v1/tokens/{id}", token.id()).then().statusCode(200);
    }

    @Test
    void putAnswersTheStoredRecordWithItsVersionAndGetReadsItBack() {
        TokenRecord token = TokenBodies.token(random);
        long version = put(token).statusCode(200)
                .body("id", equalTo(token.id()))
                .body("kind", equalTo(token.kind().wireName()))
                .body("clientId", equalTo(token.clientId()))
                .body("issuedAt", equalTo(token.issuedAt().toString()))
                .body("revokedAt", nullValue())
                .body("version", greaterThan(0L))
                .extract().jsonPath().getLong("version");

        store().get("/v1/tokens/{id}", token.id()).then().statusCode(200)
                .body("version", equalTo(version))
                .body("scopes", equalTo(java.util.List.copyOf(token.scopes())));
        assertThat(StoreRows.legacy(token.id())).get().extracting(StoreRows.Row::version).isEqualTo(version);
        assertThat(StoreRows.engine(token.id())).get().extracting(StoreRows.Row::version).isEqualTo(version);
    }

    @Test
    void aSecondPutReplacesTheFieldsUnderANewerVersion() {
        TokenRecord token = TokenBodies.token(random);
        long first = put(token).statusCode(200).extract().jsonPath().getLong("version");
        TokenRecord changed = token.toBuilder().clientId("rotated-client").build();
        long second = put(changed).statusCode(200).body("clientId", equalTo("rotated-client"))
                .extract().jsonPath().getLong("version");
        assertThat(second).isGreaterThan(first);
        assertThat(StoreRows.engine(token.id())).get().extracting(StoreRows.Row::clientId).isEqualTo("rotated-client");
    }

    @Test
    void aRevokedTokenStaysRevokedWhenItIsPutAgain() {
        TokenRecord token = TokenBodies.token(random);
        put(token).statusCode(200);
        store().post("/v1/tokens/{id}/revoke", token.id()).then().statusCode(200).body("revokedAt", notNullValue());
        put(token).statusCode(200).body("revokedAt", notNullValue());
        assertThat(StoreRows.legacy(token.id())).get().extracting(StoreRows.Row::active).isEqualTo(false);
        assertThat(StoreRows.engine(token.id())).get().extracting(StoreRows.Row::active).isEqualTo(false);
    }

    @Test
    void revokingAFamilyRevokesEveryTokenOfTheChainInBothStores() {
        String family = "grant-" + random.nextLong(1L << 40);
        TokenRecord first = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).familyId(family).build();
        TokenRecord second = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).familyId(family).build();
        put(first).statusCode(200);
        put(second).statusCode(200);

        store().post("/v1/families/{family}/revoke", family).then().statusCode(200).body("revoked", equalTo(2));
        store().post("/v1/families/{family}/revoke", family).then().statusCode(200).body("revoked", equalTo(0));
        for (TokenRecord token : new TokenRecord[]{first, second}) {
            assertThat(StoreRows.legacy(token.id())).get().extracting(StoreRows.Row::active).isEqualTo(false);
            assertThat(StoreRows.engine(token.id())).get().extracting(StoreRows.Row::active).isEqualTo(false);
        }
    }

    @Test
    void deleteLeavesATombstoneInBothStores() {
        TokenRecord token = TokenBodies.token(random);
        put(token).statusCode(200);
        store().delete("/v1/tokens/{id}", token.id()).then().statusCode(204);
        store().get("/v1/tokens/{id}", token.id()).then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON);
        StoreRows.Row legacy = StoreRows.legacy(token.id()).orElseThrow();
        StoreRows.Row engine = StoreRows.engine(token.id()).orElseThrow();
        assertThat(legacy.deleted()).as("legacy holds the tombstone").isTrue();
        assertThat(engine.deleted()).as("the engine holds the tombstone").isTrue();
        assertThat(engine.version()).as("one delete, one version").isEqualTo(legacy.version());
        store().delete("/v1/tokens/{id}", token.id()).then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON);
    }

    @Test
    void unknownTokensAre404ForEveryOperation() {
        String id = random.id();
        store().get("/v1/tokens/{id}", id).then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON)
                .body("detail", equalTo("no token has this id"));
        store().post("/v1/tokens/{id}/revoke", id).then().statusCode(404).contentType(ProblemMapper.PROBLEM_JSON);
        store().delete("/v1/tokens/{id}", id).then().statusCode(404);
        assertThat(StoreRows.legacy(id)).isEmpty();
        assertThat(StoreRows.engine(id)).isEmpty();
    }

    @Test
    void aTokensKindNeverChanges() {
        TokenRecord token = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).build();
        long version = put(token).statusCode(200).extract().jsonPath().getLong("version");
        TokenRecord asRefresh = token.toBuilder().kind(TokenKind.REFRESH_TOKEN).build();
        put(asRefresh).statusCode(409).contentType(ProblemMapper.PROBLEM_JSON)
                .body("field", equalTo("kind")).body("stored", equalTo("access_token"));
        assertThat(StoreRows.legacy(token.id())).get().extracting(StoreRows.Row::version).isEqualTo(version);
        assertThat(StoreRows.engine(token.id())).get().extracting(StoreRows.Row::version).isEqualTo(version);
    }

    @Test
    void publishesTheStorePathMetricsWithoutTokenIds() {
        TokenRecord token = TokenBodies.token(random);
        put(token).statusCode(200);
        store().get("/v1/tokens/{id}", token.id()).then().statusCode(200);

        String exposition = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(exposition)
                .contains("tandem_store_operation_seconds_count{operation=\"upsert\",outcome=\"success\",store=\"legacy\"}")
                .contains("tandem_store_operation_seconds_bucket{operation=\"upsert\",outcome=\"success\",store=\"engine\"")
                .contains("tandem_reads_total{store=\"legacy\"}")
                .contains("tandem_migration_phase{phase=\"DUAL_WRITE\"} 1.0")
                .contains("tandem_migration_phase{phase=\"LEGACY_ONLY\"} 0.0")
                .contains("tandem_read_flag{flag=\"auto\"} 1.0")
                .doesNotContain(token.id());
    }

    private static ValidatableResponse put(TokenRecord token) {
        Map<String, Object> body = TokenBodies.of(token);
        return store().contentType(ContentType.JSON).body(body).put("/v1/tokens/{id}", token.id()).then();
    }

}
