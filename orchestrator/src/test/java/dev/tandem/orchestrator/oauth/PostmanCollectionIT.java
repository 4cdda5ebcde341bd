package dev.tandem.orchestrator.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.oauth.ClientProcesses.Run;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.ws.rs.core.HttpHeaders;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Postman collection of {@code docs/postman/}, run by newman (pinned by its package-lock.json) against
 * the real server, as its README tells a developer to: with legacy primary (opaque access tokens) and in
 * {@code ENGINE_ONLY} (EdDSA JWS, whose key the collection finds in the JWKS). Every assertion of the
 * collection must pass, every request must run, and no secret the run handled may be in newman's output.
 */
@QuarkusTest
@TestProfile(ReferenceClientsIT.IssuerIsTheTestPort.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class PostmanCollectionIT {
    private static final Path POSTMAN = Path.of("..").toAbsolutePath().normalize().resolve("docs/postman");
    private static final String COLLECTION = "tandem-oauth.postman_collection.json";
    private static final Duration NEWMAN_LIMIT = Duration.ofMinutes(2);
    /** The names under which a secret crosses the wire: form fields, JSON fields, the redirect's code, a header. */
    private static final Set<String> SECRET_NAMES = Set.of("client_secret", "access_token", "refresh_token", "code",
            "code_verifier", "token", HttpHeaders.AUTHORIZATION);
    private static final String JWS_CHECK = "the key that signed the access tokens is published";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /* Rows run in this order: ENGINE_ONLY comes last because nothing leads back from it. */
    @ParameterizedTest(name = "{0}: signed access tokens {1}")
    @CsvSource({"LEGACY_ONLY, false", "ENGINE_ONLY, true"})
    void theCollectionPassesAgainstTheServer(String phase, boolean signed) throws IOException {
        if (phase.equals("LEGACY_ONLY")) {
            AdminApi.resetToLegacyOnly();
        } else {
            AdminApi.awaitReady();
            AdminApi.forceTo(phase);
        }
        ClientProcesses.installNodeModules(POSTMAN);
        // The operator token goes in an environment file, as the README says: never on a command line.
        Path environment = temp.resolve("tandem.postman_environment.json");
        JSON.writeValue(environment.toFile(), Map.of("name", "tandem-test", "values",
                List.of(Map.of("key", "operatorToken", "value", OPERATOR, "type", "secret", "enabled", true))));
        // newman's JSON report holds every request and answer: the test reads the secrets of the run from it.
        Path report = temp.resolve("newman-report.json");

        Run run = ClientProcesses.run(POSTMAN, NEWMAN_LIMIT, List.of("node_modules/.bin/newman", "run", COLLECTION,
                "--environment", environment.toString(), "--env-var", "baseUrl=" + ReferenceClientsIT.IssuerIsTheTestPort.ISSUER,
                "--reporters", "cli,json", "--reporter-json-export", report.toString(), "--color", "off", "--disable-unicode",
                "--timeout-request", "10000"), Set.of());
        // In the test log, what a developer running the collection would see.
        System.out.printf("newman, %s:%n%s", phase, run.output());

        assertThat(run.exitCode()).as("newman run %s, %s: exit code; output:%n%s", COLLECTION, phase, run.output()).isZero();
        for (String request : requestNames(JSON.readTree(POSTMAN.resolve(COLLECTION).toFile()))) {
            assertThat(run.output()).as("newman ran \"%s\"; output:%n%s", request, run.output()).contains(request);
        }
        if (signed) {
            assertThat(run.output()).as("the JWS checks ran; output:%n%s", run.output()).contains(JWS_CHECK);
        } else {
            assertThat(run.output()).as("an opaque access token has no JWS checks").doesNotContain(JWS_CHECK);
        }
        assertThat(run.output()).as("the operator token is never printed").doesNotContain(OPERATOR);
        Map<String, Set<String>> secrets = new TreeMap<>();
        collectSecrets(JSON.readTree(report.toFile()).path("run").path("executions"), secrets);
        assertThat(secrets).as("the secrets the run handled").containsKeys(SECRET_NAMES.toArray(String[]::new));
        // newman wraps a script's console output at the terminal's width, inside a box: compared without
        // white space and box lines, a printed secret is found even when it was cut over two lines.
        String flatOutput = flat(run.output());
        secrets.forEach((name, values) -> values.forEach(value ->
                // The message names the kind of secret, never its value.
                assertThat(flatOutput.contains(flat(value))).as("newman's output holds a %s", name).isFalse()));
    }

    /**
     * Every secret value in newman's report, by name: form fields of the requests, the Authorization
     * headers, the code in a redirect's Location, and the fields of the JSON answers (bodies are bytes there).
     */
    private static void collectSecrets(JsonNode node, Map<String, Set<String>> secrets) {
        if (node.isObject() && node.path("key").isTextual() && node.path("value").isTextual()) {
            String key = node.path("key").asText();
            String value = node.path("value").asText();
            if (SECRET_NAMES.contains(key)) {
                add(secrets, key, value);
            } else if (key.equalsIgnoreCase(HttpHeaders.LOCATION)) {
                URLUtils.parseParameters(URI.create(value).getRawQuery()).getOrDefault("code", List.of())
                        .forEach(code -> add(secrets, "code", code));
            }
        } else if (node.isObject() && node.path("type").asText().equals("Buffer") && node.path("data").isArray()) {
            byte[] bytes = new byte[node.path("data").size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) node.path("data").get(i).asInt();
            }
            try {
                JsonNode body = JSON.readTree(bytes);
                body.fields().forEachRemaining(field -> {
                    if (SECRET_NAMES.contains(field.getKey()) && field.getValue().isTextual()) {
                        add(secrets, field.getKey(), field.getValue().asText());
                    }
                });
            } catch (IOException notJson) {
                // An empty or non-JSON body (a revocation's, a redirect's) holds no field.
            }
        }
        node.forEach(child -> collectSecrets(child, secrets));
    }

    private static String flat(String text) {
        return text.replaceAll("[\\s|\u2502]", "");
    }

    private static void add(Map<String, Set<String>> secrets, String name, String value) {
        if (!value.isEmpty()) {
            secrets.computeIfAbsent(name, ignored -> new HashSet<>()).add(value);
        }
    }

    /** Every request of the collection, folders walked depth first. */
    private static List<String> requestNames(JsonNode group) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : group.path("item")) {
            if (item.has("request")) {
                names.add(item.path("name").asText());
            } else {
                names.addAll(requestNames(item));
            }
        }
        return names;
    }
}
