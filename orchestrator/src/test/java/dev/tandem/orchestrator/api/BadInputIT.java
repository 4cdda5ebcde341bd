package dev.tandem.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests, per endpoint: each is answered 4xx with {@code application/problem+json}
 * that names what was wrong, nothing reaches a store, and nothing a caller sent by mistake as a
 * token comes back in the answer. Runs in DUAL_WRITE, where a write would touch both stores.
 */
@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class BadInputIT {
    /** A raw token pasted where its id belongs: it must never come back in an answer. */
    private static final String RAW_TOKEN = "ory_at_Zm9vYmFyYmF6cXV4LXNlY3JldC10b2tlbi12YWx1ZS0xMjM0NTY3";
    private static final String VALID_ID = "a".repeat(64);
    private static final String VALID_BODY = """
            {"kind":"access_token","clientId":"web-app","subject":"user-1","scopes":["openid"],
             "issuedAt":"2026-11-27T12:00:00Z","expiresAt":"2026-11-27T13:00:00Z"}""";
    private static final int RANDOM_REQUESTS = 1200;
    private static final Duration RANDOM_RUN_LIMIT = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ControlPlane control;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void dualWrite() {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(StoreRows.legacyCount()).as("rows in legacy").isZero();
        assertThat(StoreRows.engineCount()).as("rows in the engine").isZero();
    }

    /** One malformed request and what its answer must say. */
    record Case(String name, String method, String path, String contentType, String body, int status, String detailPart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> malformedRequests() {
        String tokens = "/v1/tokens/";
        String json = "application/json";
        return Stream.of(
                // PUT /v1/tokens/{id}
                new Case("PUT id too short", "PUT", tokens + "abc", json, VALID_BODY, 400, "expected 64 lowercase hex"),
                new Case("PUT id in upper case", "PUT", tokens + "A".repeat(64), json, VALID_BODY, 400, "id:"),
                new Case("PUT raw token as id", "PUT", tokens + RAW_TOKEN, json, VALID_BODY, 400, "not a token id"),
                new Case("PUT unknown kind", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("access_token", "id_token"), 400,
                        "valid: access_token, refresh_token, authorization_code"),
                new Case("PUT expiry before issue", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("13:00:00Z", "11:00:00Z"), 400,
                        "must expire after it is issued"),
                new Case("PUT unknown field", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("{", "{\"version\":7,"), 400,
                        "unknown field \"version\""),
                new Case("PUT revokedAt is not the caller's", "PUT", tokens + VALID_ID, json,
                        VALID_BODY.replace("{", "{\"revokedAt\":\"2026-11-27T12:00:00Z\","), 400, "unknown field \"revokedAt\""),
                new Case("PUT malformed JSON", "PUT", tokens + VALID_ID, json, "{\"kind\":", 400, "not valid JSON"),
                new Case("PUT secret in malformed JSON is not echoed", "PUT", tokens + VALID_ID, json,
                        "{\"clientId\":\"" + RAW_TOKEN + "\" oops}", 400, "not valid JSON"),
                new Case("PUT scopes not an array", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("[\"openid\"]", "\"openid\""), 400,
                        "scopes: expected an array"),
                new Case("PUT number for a string", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("\"web-app\"", "42"), 400,
                        "clientId: expected a string"),
                new Case("PUT time not a time", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("2026-11-27T12:00:00Z", "noon"), 400,
                        "RFC 3339"),
                new Case("PUT issue time legacy cannot hold, in DUAL_WRITE", "PUT", tokens + VALID_ID, json,
                        VALID_BODY.replace("2026-11-27T12:00:00Z", "1970-01-01T00:00:00Z"), 400, "outside legacy TIMESTAMP range"),
                new Case("PUT missing body", "PUT", tokens + VALID_ID, json, "", 400, "body"),
                new Case("PUT null body", "PUT", tokens + VALID_ID, json, "null", 400, "body"),
                new Case("PUT array body", "PUT", tokens + VALID_ID, json, "[" + VALID_BODY + "]", 400, "object"),
                new Case("PUT duplicate key", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("{", "{\"kind\":\"refresh_token\","), 400,
                        "not valid JSON"),
                new Case("PUT trailing garbage", "PUT", tokens + VALID_ID, json, VALID_BODY + " {}", 400, "JSON"),
                new Case("PUT control character", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("web-app", "web\\u0000app"), 400,
                        "control character U+0000"),
                new Case("PUT missing scopes", "PUT", tokens + VALID_ID, json, VALID_BODY.replace("\"scopes\":[\"openid\"],", ""), 400,
                        "scopes: is required"),
                new Case("PUT wrong content type", "PUT", tokens + VALID_ID, "text/plain", VALID_BODY, 415, ""),
                new Case("PUT oversized body", "PUT", tokens + VALID_ID, json,
                        VALID_BODY.replace("\"web-app\"", "\"" + "x".repeat(20_000) + "\""), 413, "at most 16384"),
                // GET, revoke, delete: the id
                new Case("GET id too long", "GET", tokens + "a".repeat(65), null, null, 400, "expected 64 lowercase hex"),
                new Case("GET raw token as id", "GET", tokens + RAW_TOKEN, null, null, 400, "not a token id"),
                new Case("revoke id not hex", "POST", tokens + "g".repeat(64) + "/revoke", null, null, 400, "id:"),
                new Case("DELETE id not hex", "DELETE", tokens + "z".repeat(64), null, null, 400, "id:"),
                // families
                new Case("family id too long", "POST", "/v1/families/" + "f".repeat(41) + "/revoke", null, null, 400, "at most 40"),
                new Case("family id with a control character", "POST", "/v1/families/a%01b/revoke", null, null, 400, "familyId"),
                // wrong methods and paths
                new Case("POST to a token", "POST", tokens + VALID_ID, json, VALID_BODY, 405, ""),
                new Case("unknown path", "GET", "/v1/nothing/here", null, null, 404, "")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestIsAnswered4xxWithAProblem(Case c) throws Exception {
        HttpResponse<String> response = send(c.method(), c.path(), c.contentType(), c.body() == null ? null
                : c.body().getBytes(StandardCharsets.UTF_8), false);
        assertThat(response.statusCode()).as("status of %s", c.name()).isEqualTo(c.status());
        assertThat(response.headers().firstValue("Content-Type")).as("content type of %s", c.name())
                .hasValueSatisfying(type -> assertThat(type).startsWith(ProblemMapper.PROBLEM_JSON));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).as("status in the problem of %s", c.name()).isEqualTo(c.status());
        assertThat(problem.path("detail").asText()).as("detail of %s", c.name()).contains(c.detailPart());
        assertThat(response.body()).as("problem of %s", c.name()).doesNotContain(RAW_TOKEN);
    }

    @ParameterizedTest(name = "{0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {100, 40_000})
    void aChunkedBodyIsRefusedWithLengthRequired(int size) throws Exception {
        byte[] body = VALID_BODY.replace("\"web-app\"", "\"" + "x".repeat(size) + "\"").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send("PUT", "/v1/tokens/" + VALID_ID, "application/json", body, true);
        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).contains(ProblemMapper.PROBLEM_JSON);
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("Content-Length");
    }

    /**
     * A seeded, bounded run of random malformed requests: every endpoint, random ids, random bytes,
     * random JSON with wrong fields and types, random content types. None may be answered 5xx.
     */
    @Test
    void aThousandRandomMalformedRequestsGetNoServerError() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + RANDOM_RUN_LIMIT.toNanos();
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        for (; sent < RANDOM_REQUESTS && System.nanoTime() < deadline; sent++) {
            String[] request = randomRequest(random);
            HttpResponse<String> response = send(request[0], request[1], request[2],
                    request[3] == null ? null : request[3].getBytes(StandardCharsets.UTF_8), false);
            if (response.statusCode() >= 500) {
                serverErrors.add(response.statusCode() + " for " + request[0] + " " + request[1] + " " + request[2]
                        + " " + request[3]);
            }
            assertThat(response.statusCode()).as("answer to %s %s (seed %d)", request[0], request[1], seed)
                    .isBetween(400, 499);
        }
        assertThat(serverErrors).as("server errors (seed %d)", seed).isEmpty();
        assertThat(sent).as("requests sent within %s (seed %d)", RANDOM_RUN_LIMIT, seed).isGreaterThanOrEqualTo(1000);
    }

    /** Method, path, content type, body: always at least one thing wrong. */
    private static String[] randomRequest(Random random) {
        String id = random.nextInt(4) == 0 ? VALID_ID : randomId(random);
        boolean badId = !id.equals(VALID_ID);
        switch (random.nextInt(5)) {
            case 0:
                return new String[]{"GET", "/v1/tokens/" + ensureBad(id, badId, random), null, null};
            case 1:
                return new String[]{"POST", "/v1/tokens/" + ensureBad(id, badId, random) + "/revoke", null, null};
            case 2:
                return new String[]{"DELETE", "/v1/tokens/" + ensureBad(id, badId, random), null, null};
            case 3:
                return new String[]{"POST", "/v1/families/" + randomFamily(random) + "/revoke", null, null};
            default:
                String contentType = random.nextInt(8) == 0 ? pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded")
                        : "application/json";
                // Every random body breaks a rule, so a valid id still makes a malformed request.
                String body = randomBody(random);
                return new String[]{"PUT", "/v1/tokens/" + id, contentType, body};
        }
    }

    private static String ensureBad(String id, boolean badId, Random random) {
        return badId ? id : id.substring(0, 10 + random.nextInt(50));
    }

    private static String randomId(Random random) {
        String alphabet = "0123456789abcdefABCDEFxyz-_.~%20";
        int length = random.nextInt(4) == 0 ? 64 : 1 + random.nextInt(100);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        // 64 lowercase hex characters would be a valid id: break one.
        String value = id.toString();
        return value.matches("[0-9a-f]{64}") ? value.substring(1) + "G" : value.replace("%", "%25");
    }

    /** Too long, or with characters a family id may not hold. */
    private static String randomFamily(Random random) {
        return random.nextBoolean() ? "f".repeat(41 + random.nextInt(100))
                : "fam" + pick(random, "%00", "%01", "%7F", "%1F") + random.nextInt(1000);
    }

    private static String randomBody(Random random) {
        switch (random.nextInt(7)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 1:
                return VALID_BODY.substring(0, random.nextInt(VALID_BODY.length()));
            case 2:
                return VALID_BODY.replace("{", "{\"" + pick(random, "id", "version", "revokedAt", "x", "Kind") + "\":1,");
            case 3:
                return VALID_BODY.replace(pick(random, "\"web-app\"", "[\"openid\"]", "\"2026-11-27T12:00:00Z\"", "\"access_token\""),
                        pick(random, "1", "true", "null", "{}", "[[]]", "[1]", "\"\"", "-1e999", "\"\\ud800\""));
            case 4:
                return VALID_BODY.replace("access_token", pick(random, "", "ACCESS_TOKEN", "id_token", "access token"));
            case 5:
                return "[".repeat(random.nextInt(3000));
            default:
                return VALID_BODY.replace("13:00:00Z", pick(random, "11:00:00Z", "12:00:00Z", "13:00:00", "99:00:00Z"))
                        .replace("2026-11-27T12", pick(random, "1960-01-01T12", "2026-11-27T12", "2050-01-01T12"));
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body, boolean chunked)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.fromPublisher(chunksOf(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", StoreApi.AUTHORIZATION)
                .method(method, publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body without a length, so HTTP/1.1 sends it chunked. */
    private static Flow.Publisher<ByteBuffer> chunksOf(byte[] body) {
        return HttpRequest.BodyPublishers.ofByteArray(body)::subscribe;
    }
}
