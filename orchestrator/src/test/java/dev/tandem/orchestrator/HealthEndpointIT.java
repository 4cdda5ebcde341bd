package dev.tandem.orchestrator;

import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class HealthEndpointIT {

    @TestHTTPResource(value = "/health", management = true)
    URL health;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void reportsUpOnTheManagementPort() {
        given().when().get(health).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesPrometheusMetricsOnTheManagementPort() {
        given().when().get(metrics).then().statusCode(200).body(containsString("# TYPE"));
    }
}
