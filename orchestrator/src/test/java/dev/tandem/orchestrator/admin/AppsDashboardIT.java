package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.admin.AppsDashboard.ShownSecret;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.VIEWER;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static dev.tandem.orchestrator.admin.AdminApi.body;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The apps dashboard ({@code /apps}) in headless Chromium against a real instance: a user enters an
 * admin token, then creates, lists, rotates and deletes apps; what the page did is checked through the
 * admin API and the OAuth endpoints (a secret is valid when introspection accepts it as the client's).
 */
@QuarkusTest
@TestProfile(AppsDashboardIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class AppsDashboardIT {
    private static final List<String> REDIRECTS = List.of("https://shop.example/cb", "https://shop.example/cb/");

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    @TestHTTPResource("/")
    URI root;
    private AppsDashboard dashboard;

    @BeforeEach
    void openTheDashboard() {
        AdminApi.awaitReady();
        dashboard = AppsDashboard.open(root);
    }

    @AfterEach
    void closeTheBrowser() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void appsAnswersThePageUnderAPolicyThatAllowsThisOriginOnly() {
        given().redirects().follow(false).get("/apps").then().statusCode(301).header("Location", endsWith("/apps/"));
        for (String path : List.of("/apps/", "/apps/index.html")) {
            given().get(path).then().statusCode(200).contentType(startsWith("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("form-action 'none'"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .body(containsString("<title>Tandem · Apps</title>"));
        }
        // The API under /admin/apps is not shadowed by the page, and keeps its own answers.
        given().get("/admin/apps").then().statusCode(401).contentType("application/problem+json")
                .header("Content-Security-Policy", nullValue());
        assertThat(dashboard.currentUrl()).as("the browser followed /apps to its page").isEqualTo(root.resolve("/apps/").toString());
    }

    @Test
    void aConfidentialAppCreatedInThePageShowsItsSecretOnceAndIsRegistered() throws Exception {
        dashboard.enterToken(OPERATOR);
        ShownSecret shown = dashboard.createConfidential("dashboard shop", REDIRECTS, "orders.read orders.write");
        assertThat(shown.secret()).hasSize(43);
        assertThat(dashboard.secretWarning()).contains("Copy it now: it will not be shown again");
        Path secretShot = dashboard.screenshot("apps-dashboard-secret");
        assertThat(dashboard.closeSecret()).as("the secret leaves the page with its dialog").isEmpty();

        assertThat(dashboard.cells(shown.clientId())).startsWith("dashboard shop", shown.clientId(),
                "confidential · client_secret_basic", String.join("\n", REDIRECTS), "orders.read orders.write");
        assertThat(dashboard.notice()).contains("Created dashboard shop (" + shown.clientId() + ")");
        as(VIEWER).get("/admin/apps/" + shown.clientId()).then().statusCode(200)
                .body("client_name", equalTo("dashboard shop")).body("redirect_uris", equalTo(REDIRECTS))
                .body("token_endpoint_auth_method", equalTo("client_secret_basic"))
                .body("scope", equalTo("orders.read orders.write")).body("client_secret", nullValue());
        assertThat(authenticates(shown.clientId(), shown.secret())).as("the secret shown is the app's").isTrue();
        Path listShot = dashboard.screenshot("apps-dashboard");
        assertThat(List.of(secretShot, listShot)).allSatisfy(shot -> assertThat(Files.size(shot)).isPositive());
    }

    @Test
    void theTokenStaysInThisTabsSessionStorageAndNeverInAUrlOrCookie() {
        dashboard.enterToken(OPERATOR);
        assertThat(dashboard.signedIn()).isTrue();
        assertThat(dashboard.script("return sessionStorage.getItem('tandem.adminToken')")).isEqualTo(OPERATOR);
        assertThat(dashboard.script("return localStorage.length")).isEqualTo(0L);
        assertThat(dashboard.script("return document.cookie")).isEqualTo("");
        assertThat(dashboard.currentUrl()).doesNotContain(OPERATOR);

        dashboard.reload();
        assertThat(dashboard.signedIn()).as("a reload in the same tab keeps the token").isTrue();
    }

    @Test
    void rotatingInThePageKeepsOrRevokesTheOldSecretAsChosen() throws Exception {
        String clientId = register("rotating", "client_secret_basic");
        String first = secretOf(clientId);
        dashboard.enterToken(OPERATOR);

        ShownSecret second = dashboard.rotate(clientId, false);
        assertThat(second.clientId()).isEqualTo(clientId);
        dashboard.closeSecret();
        assertThat(authenticates(clientId, first)).as("kept: the old secret still works").isTrue();
        assertThat(authenticates(clientId, second.secret())).isTrue();
        assertThat(dashboard.cells(clientId).get(2)).contains("old secret still valid");

        ShownSecret third = dashboard.rotate(clientId, true);
        dashboard.closeSecret();
        assertThat(authenticates(clientId, second.secret())).as("revoked: the previous secret is refused").isFalse();
        assertThat(authenticates(clientId, first)).isFalse();
        assertThat(authenticates(clientId, third.secret())).isTrue();
        as(VIEWER).get("/admin/apps/" + clientId).then().body("secret_rotating", equalTo(false));
    }

    @Test
    void deletingAsksFirstAndACancelKeepsTheApp() {
        String clientId = register("doomed", "none");
        dashboard.enterToken(OPERATOR);
        assertThat(dashboard.row(clientId).findElements(org.openqa.selenium.By.cssSelector("button.rotate")))
                .as("a public app has no secret to rotate").isEmpty();

        dashboard.delete(clientId, false);
        as(VIEWER).get("/admin/apps/" + clientId).then().statusCode(200);

        dashboard.delete(clientId, true);
        as(VIEWER).get("/admin/apps/" + clientId).then().statusCode(404);
        assertThat(dashboard.notice()).contains("Deleted doomed (" + clientId + ")");
    }

    @Test
    void aWrongTokenShowsTheServersDetailAndIsForgotten() {
        dashboard.enterToken("not-an-admin-token");
        assertThat(dashboard.error()).isEqualTo(AdminAuthFilter.TOKEN_UNKNOWN);
        assertThat(dashboard.signedIn()).isFalse();
        assertThat(dashboard.script("return sessionStorage.getItem('tandem.adminToken')")).isNull();
    }

    @Test
    void aViewerListsButIsToldWhyItCannotCreate() {
        dashboard.enterToken(VIEWER);
        assertThat(dashboard.signedIn()).isTrue();
        dashboard.submitNewApp("not allowed", REDIRECTS, "client_secret_basic", "");
        assertThat(dashboard.createError()).isEqualTo(AdminAuthFilter.ROLE_TOO_LOW.formatted("test-viewer", "viewer",
                "POST", "/admin/apps", "operator"));
        assertThat(dashboard.secretDialogOpen()).isFalse();
    }

    @Test
    void anAppsDataIsShownAsTextAndThePageRefusesMarkupSinks() {
        String name = "<img src=x onerror=\"document.title='owned'\">";
        String clientId = register(name, "client_secret_post");
        dashboard.enterToken(OPERATOR);
        assertThat(dashboard.cells(clientId).get(0)).isEqualTo(name);
        assertThat(dashboard.imagesInList()).isZero();
        assertThat(dashboard.script("return document.title")).isEqualTo("Tandem · Apps");
        // require-trusted-types-for 'script': a string assigned to innerHTML throws, whoever assigns it.
        assertThat(dashboard.script("try { document.body.innerHTML = '<p>x</p>'; return 'assigned'; }"
                + " catch (e) { return e.name; }")).isEqualTo("TypeError");
    }

    private static String register(String name, String method) {
        return as(OPERATOR).body(body("client_name", name, "redirect_uris", REDIRECTS, "token_endpoint_auth_method", method,
                        "scope", "orders.read")).post("/admin/apps").then().statusCode(201).extract().jsonPath()
                .getString("client_id");
    }

    /** A secret of its own for an app the test registered: rotation through the API (the page's is under test elsewhere). */
    private static String secretOf(String clientId) {
        return as(OPERATOR).body(body("revoke_old", true)).post("/admin/apps/" + clientId + "/rotate-secret").then()
                .statusCode(200).extract().jsonPath().getString("client_secret");
    }

    /** Whether the token endpoints accept {@code secret} as the client's: introspection answers 200, or 401 invalid_client. */
    private static boolean authenticates(String clientId, String secret) {
        int status = given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .formParam("token", "opaque-" + UUID.randomUUID()).post("/oauth2/introspect").then().extract().statusCode();
        assertThat(status).as("introspection with client %s", clientId).isIn(200, 401);
        return status == 200;
    }
}
