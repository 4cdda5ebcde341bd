package dev.tandem.orchestrator.api;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** The token store API ({@code /v1}) as a service calls it, with its service token, for {@code @QuarkusTest}s. */
public final class StoreApi {
    /** Its SHA-256 is in application.properties under %test.tandem.admin.tokens, with the role {@code service}. */
    public static final String SERVICE = "test-service-token";
    public static final String AUTHORIZATION = "Bearer " + SERVICE;

    private StoreApi() {
    }

    /** A request that carries the service token. */
    public static RequestSpecification store() {
        return RestAssured.given().header("Authorization", AUTHORIZATION);
    }
}
