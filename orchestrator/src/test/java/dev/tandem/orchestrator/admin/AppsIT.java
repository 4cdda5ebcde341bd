package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.VIEWER;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static dev.tandem.orchestrator.admin.AdminApi.body;
import static dev.tandem.orchestrator.admin.AdminApi.forceTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Apps (OAuth clients) through the admin API and the registration API on the real servers: written
 * to both stores as the phase says, secrets shown once and stored as hashes only, bad input refused
 * with the field named and nothing written.
 */
@QuarkusTest
@TestProfile(AppsIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class AppsIT {

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    @BeforeEach
    void startFromLegacyOnly() {
        AdminApi.resetToLegacyOnly();
    }

    private static JsonPath create(Map<String, Object> app) {
        return as(OPERATOR).body(app).post("/admin/apps").then().statusCode(201).extract().jsonPath();
    }

    private static Map<String, Object> confidential(String name) {
        return body("client_name", name, "redirect_uris", List.of("https://shop.example/cb", "https://shop.example/cb/"),
                "token_endpoint_auth_method", "client_secret_basic", "scope", "orders.read orders.write");
    }

    @Test
    void aConfidentialAppsSecretIsShownOnceAndStoredOnlyAsASlowHash() {
        forceTo("DUAL_WRITE");
        JsonPath created = create(confidential("shop"));
        String clientId = created.getString("client_id");
        String secret = created.getString("client_secret");
        assertThat(secret).hasSize(43);
        assertThat(created.getList("redirect_uris")).as("order and spelling kept")
                .containsExactly("https://shop.example/cb", "https://shop.example/cb/");
        assertThat(created.getString("scope")).isEqualTo("orders.read orders.write");

        as(VIEWER).get("/admin/apps/" + clientId).then().statusCode(200)
                .body("client_name", equalTo("shop")).body("client_secret", nullValue())
                .body("token_endpoint_auth_method", equalTo("client_secret_basic"));
        as(VIEWER).get("/admin/apps").then().statusCode(200).body("apps.client_id", hasItem(clientId));

        for (Optional<String> stored : List.of(legacySecret(clientId), engineSecret(clientId))) {
            assertThat(stored).as("both stores hold the app in DUAL_WRITE").isPresent();
            assertThat(stored.get()).startsWith("pbkdf2-sha256$").doesNotContain(secret);
        }
    }

    @Test
    void inLegacyOnlyAnAppIsWrittenToLegacyAlone() {
        String clientId = create(body("client_name", "cli", "redirect_uris", List.of("http://127.0.0.1:7777/cb"),
                "token_endpoint_auth_method", "none")).getString("client_id");
        assertThat(legacySecret(clientId)).as("a public app's legacy row, no secret").contains("");
        assertThat(engineSecret(clientId)).isEmpty();
    }

    @Test
    void rotatingKeepsTheOldSecretUntilRevokeOld() {
        String clientId = create(confidential("rotating")).getString("client_id");
        JsonPath rotated = as(OPERATOR).body(Map.of()).post("/admin/apps/" + clientId + "/rotate-secret")
                .then().statusCode(200).extract().jsonPath();
        assertThat(rotated.getString("client_secret")).hasSize(43);
        assertThat(rotated.getBoolean("secret_rotating")).isTrue();
        as(OPERATOR).body(body("revoke_old", true)).post("/admin/apps/" + clientId + "/rotate-secret")
                .then().statusCode(200).body("secret_rotating", equalTo(false));
    }

    @Test
    void aDeletedAppIsGoneFromTheListAndItsIdAnswers404() {
        String clientId = create(confidential("short-lived")).getString("client_id");
        as(OPERATOR).delete("/admin/apps/" + clientId).then().statusCode(200).body("client_id", equalTo(clientId));
        as(VIEWER).get("/admin/apps/" + clientId).then().statusCode(404).body("detail", containsString(clientId));
        as(VIEWER).get("/admin/apps").then().body("apps.client_id", not(hasItem(clientId)));
        as(OPERATOR).delete("/admin/apps/" + clientId).then().statusCode(404);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheFieldAndWriteNothing() {
        int before = as(VIEWER).get("/admin/apps").then().extract().jsonPath().getList("apps").size();
        refused(body("redirect_uris", List.of("https://a.example/cb")), "client_name", "client_name is required");
        refused(body("client_name", "x", "redirect_uris", List.of("https://a.example/cb#frag")), "redirect_uris",
                "without a fragment");
        refused(body("client_name", "x", "redirect_uris", List.of("/relative")), "redirect_uris", "absolute");
        refused(body("client_name", "x", "redirect_uris", List.of()), "redirect_uris", "at least one");
        refused(body("client_name", "x", "redirect_uris", List.of("https://a.example/cb"), "token_endpoint_auth_method",
                "private_key_jwt"), "token_endpoint_auth_method", "valid: client_secret_basic, client_secret_post, none");
        refused(body("client_name", "x", "redirect_uris", List.of("https://a.example/cb"), "grant_types",
                List.of("password")), "grant_types", "not a grant");
        refused(body("client_name", "x", "redirect_uris", "https://a.example/cb"), "redirect_uris", "expected an array");
        as(OPERATOR).body("{\"client_name\":\"x\",\"color\":\"red\"}").post("/admin/apps").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("unknown field \"color\""));
        assertThat(as(VIEWER).get("/admin/apps").then().extract().jsonPath().getList("apps")).hasSize(before);
    }

    @Test
    void aViewerCannotRegisterAndAPublicAppHasNoSecretToRotate() {
        as(VIEWER).body(confidential("nope")).post("/admin/apps").then().statusCode(403);
        String clientId = create(body("client_name", "spa", "redirect_uris", List.of("https://spa.example/cb"),
                "token_endpoint_auth_method", "none")).getString("client_id");
        as(OPERATOR).body(Map.of()).post("/admin/apps/" + clientId + "/rotate-secret").then().statusCode(409)
                .body("detail", containsString("is public"));
        as(OPERATOR).body(Map.of()).post("/admin/apps/no-such-app/rotate-secret").then().statusCode(404);
    }

    @Test
    void theRegistrationApiRegistersTheSameAppsWithAnOperatorToken() {
        String first = as(OPERATOR).body(confidential("dashboard")).post("/client/v4/apps").then().statusCode(201)
                .extract().jsonPath().getString("client_id");
        String second = as(OPERATOR).body(confidential("cloudflare")).post("/client/v4/accounts/acc-1/oauth_clients")
                .then().statusCode(201).extract().jsonPath().getString("client_id");
        as(VIEWER).get("/admin/apps").then().body("apps.client_id", hasItem(first)).body("apps.client_id", hasItem(second));
        io.restassured.RestAssured.given().contentType("application/json").body(confidential("anonymous"))
                .post("/client/v4/apps").then().statusCode(401);
    }

    private static void refused(Map<String, Object> app, String field, String detail) {
        as(OPERATOR).body(app).post("/admin/apps").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo(field)).body("detail", containsString(detail));
    }

    private static Optional<String> legacySecret(String clientId) {
        try (Connection connection = StoreRows.legacyConnection()) {
            return column(connection, "SELECT client_secret FROM hydra_client WHERE id = ?", clientId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> engineSecret(String clientId) {
        try (Connection connection = StoreRows.engineConnection()) {
            return column(connection, "SELECT coalesce(secret_hash, '') FROM oauth_client WHERE id = ?", clientId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> column(Connection connection, String sql, String clientId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, clientId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
