package dev.tandem.orchestrator.checker;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.api.TokenBodies;
import dev.tandem.testing.RandomTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static io.restassured.RestAssured.given;

/** What the checker ITs do as a client, an operator and the old server would. */
final class CheckerSignals {
    /** Their SHA-256 are in application.properties under %test.tandem.admin.tokens. */
    static final String OPERATOR = "test-operator-token";
    static final String VIEWER = "test-viewer-token";
    private static final String[] LEGACY_TABLES = {"hydra_oauth2_access", "hydra_oauth2_refresh", "hydra_oauth2_code"};

    private CheckerSignals() {
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A usable token (not revoked, valid for an hour), so that a revocation in one store is critical. */
    static TokenRecord usableToken(RandomTokens random) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return TokenBodies.token(random).toBuilder().issuedAt(now.minusSeconds(5)).expiresAt(now.plusSeconds(3600)).build();
    }

    /** Writes through the token API; answers the version stored. */
    static long put(TokenRecord token) {
        return store().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath().getLong("version");
    }

    /** An UPDATE straight in MariaDB, as the old server or a hand-run statement would: Tandem's version untouched. */
    static void legacyUpdate(String id, String assignments, Object... values) {
        try (Connection connection = StoreRows.legacyConnection()) {
            int updated = 0;
            for (String table : LEGACY_TABLES) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET " + assignments + " WHERE signature = ?")) {
                    for (int i = 0; i < values.length; i++) {
                        update.setObject(i + 1, values[i]);
                    }
                    update.setString(values.length + 1, id);
                    updated += update.executeUpdate();
                }
            }
            if (updated != 1) {
                throw new IllegalStateException("expected one legacy row for " + id + ", changed " + updated);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the legacy row", e);
        }
    }

    static JsonPath divergence() {
        return as(VIEWER).get("/admin/divergence").then().statusCode(200).extract().jsonPath();
    }

    /** The listed divergence of {@code id}, or null. */
    static Map<String, Object> divergenceOf(String id) {
        List<Map<String, Object>> items = divergence().getList("items");
        return items.stream().filter(item -> id.equals(item.get("tokenId"))).findFirst().orElse(null);
    }

    static JsonPath checker() {
        return as(VIEWER).get("/admin/checker").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath repairs() {
        return as(VIEWER).get("/admin/repair").then().statusCode(200).extract().jsonPath();
    }

    /** The guard's verdict of the next forward step, as GET /admin/migration reports it. */
    static Map<String, Object> guard(String name) {
        List<Map<String, Object>> guards = as(VIEWER).get("/admin/migration").then().statusCode(200).extract()
                .jsonPath().getList("guards");
        return guards.stream().filter(g -> name.equals(g.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no guard " + name + " in " + guards));
    }
}
