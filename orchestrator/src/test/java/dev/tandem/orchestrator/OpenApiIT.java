package dev.tandem.orchestrator;

import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document an integrator reads: served at /q/openapi without an admin token (while /admin
 * still asks for one), valid OpenAPI as swagger-parser reads it, its references resolved, and every
 * operation named, summarised and tagged.
 */
@QuarkusTest
@TestProfile(OpenApiIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class OpenApiIT {

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    private static String document() {
        return given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    }

    private static OpenAPI parsed(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    @Test
    void isServedWithoutAnAdminTokenWhileTheAdminApiStillAsksForOne() {
        given().get("/q/openapi").then().statusCode(200);
        given().get("/admin/apps").then().statusCode(401);
    }

    @Test
    void isValidOpenApiWithEveryOperationNamedSummarisedAndTagged() {
        OpenAPI api = parsed(document());
        assertThat(api.getInfo().getTitle()).isEqualTo("Tandem");
        assertThat(api.getInfo().getDescription()).isNotBlank();
        assertThat(api.getPaths()).containsKeys("/oauth2/token", "/oauth2/auth", "/oauth2/revoke", "/oauth2/introspect",
                "/.well-known/oauth-authorization-server", "/admin/apps", "/admin/migration",
                "/admin/oauth2/auth/requests/login", "/admin/oauth2/auth/requests/consent/accept");
        List<String> lacking = new ArrayList<>();
        List<String> operationIds = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            if (isBlank(operation.getOperationId())) {
                lacking.add(name + ": operationId");
            } else {
                operationIds.add(operation.getOperationId());
            }
            if (isBlank(operation.getSummary())) {
                lacking.add(name + ": summary");
            }
            if (operation.getTags() == null || operation.getTags().isEmpty()) {
                lacking.add(name + ": tag");
            }
        }));
        assertThat(lacking).as("operations lacking what an integrator needs").isEmpty();
        assertThat(operationIds).doesNotHaveDuplicates();
    }

    @Test
    void namesHowCallersAuthenticate() {
        OpenAPI api = parsed(document());
        assertThat(api.getComponents().getSecuritySchemes().get("adminToken").getScheme()).isEqualTo("bearer");
        assertThat(api.getComponents().getSecuritySchemes().get("clientBasic").getScheme()).isEqualTo("basic");
        assertThat(requirements(api.getPaths().get("/admin/apps").getPost())).contains("adminToken");
        assertThat(requirements(api.getPaths().get("/admin/oauth2/auth/requests/login/accept").getPut())).contains("adminToken");
        assertThat(requirements(api.getPaths().get("/oauth2/token").getPost())).contains("clientBasic");
        assertThat(api.getPaths().get("/oauth2/token").getPost().getResponses()).containsKeys("200", "400", "401");
    }

    private static List<String> requirements(Operation operation) {
        return operation.getSecurity().stream().flatMap(requirement -> requirement.keySet().stream()).toList();
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
