package dev.tandem.orchestrator.admin;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The admin API as an operator's script uses it, for {@code @QuarkusTest}s (RestAssured points at the app). */
public final class AdminApi {
    /** Their SHA-256 are in application.properties under %test.tandem.admin.tokens. */
    public static final String OPERATOR = "test-operator-token";
    public static final String VIEWER = "test-viewer-token";

    private AdminApi() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    static ValidatableResponse status() {
        return as(VIEWER).get("/admin/migration").then().statusCode(200);
    }

    static long revision() {
        return status().extract().jsonPath().getLong("revision");
    }

    static List<Map<String, Object>> audit() {
        return as(VIEWER).get("/admin/audit").then().statusCode(200).extract().jsonPath().getList("entries");
    }

    static ValidatableResponse phase(String to, String reason, boolean force) {
        return as(OPERATOR).body(body("to", to, "reason", reason, "force", force)).post("/admin/migration/phase").then();
    }

    static ValidatableResponse reads(String flag, Integer ramp, String reason) {
        return as(OPERATOR).body(body("flag", flag, "rampPercent", ramp, "reason", reason)).put("/admin/migration/reads").then();
    }

    static ValidatableResponse rollback(String reason) {
        return as(OPERATOR).body(body("reason", reason)).post("/admin/migration/rollback").then();
    }

    /** Waits until this instance has replayed the control log. */
    public static void awaitReady() {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                as(VIEWER).get("/admin/migration").then().extract().jsonPath().getBoolean("instance.ready"));
    }

    /** Steps back to LEGACY_ONLY with reads auto at 100%: backward steps need no guards. */
    public static void resetToLegacyOnly() {
        awaitReady();
        JsonPath state = status().extract().jsonPath();
        if (!"LEGACY_ONLY".equals(state.getString("phase"))) {
            phase("LEGACY_ONLY", "test reset", false).statusCode(200);
        }
        if (!"auto".equals(state.getString("reads.flag")) || state.getInt("reads.rampPercent") != 100) {
            reads("auto", 100, "test reset").statusCode(200);
        }
    }

    /** Walks forward with force to {@code target}, one step at a time. */
    public static void forceTo(String target) {
        List<String> phases = List.of("LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE", "WRITE_ENGINE", "ENGINE_ONLY");
        String current = status().extract().jsonPath().getString("phase");
        for (int i = phases.indexOf(current) + 1; i <= phases.indexOf(target); i++) {
            phase(phases.get(i), "test walk", true).statusCode(200);
        }
    }

    /** A JSON object from name, value pairs; null values are left out. */
    public static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                body.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return body;
    }
}
