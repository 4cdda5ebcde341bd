package dev.tandem.demo.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import java.util.concurrent.atomic.AtomicInteger;

/** The token API as a service calls it, spread round-robin over the orchestrator instances. */
public final class TokenApi {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final List<URI> urls;
    private final AtomicInteger next = new AtomicInteger();

    /** An answer: status and JSON body (a missing node when the body was empty or not JSON). */
    public record Answer(int status, JsonNode body) {
    }

    public TokenApi(HttpClient http, List<URI> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one orchestrator URL is needed");
        }
        this.http = http;
        this.urls = List.copyOf(urls);
    }

    public Answer put(IssuedToken token) throws IOException, InterruptedException {
        String body;
        try {
            body = JSON.writeValueAsString(TokenFactory.body(token));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token body", e);
        }
        return send(request("/v1/tokens/" + token.id()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer get(String id) throws IOException, InterruptedException {
        return send(request("/v1/tokens/" + id).GET());
    }

    public Answer revoke(String id) throws IOException, InterruptedException {
        return send(request("/v1/tokens/" + id + "/revoke").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Answer revokeFamily(String familyId) throws IOException, InterruptedException {
        return send(request("/v1/families/" + URLEncoder.encode(familyId, StandardCharsets.UTF_8) + "/revoke")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        URI base = urls.get(Math.floorMod(next.getAndIncrement(), urls.size()));
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), parse(response.body()));
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
