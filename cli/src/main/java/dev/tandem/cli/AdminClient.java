package dev.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the orchestrator's admin API. Tries the configured instances in order, moving on only when an
 * instance refuses the connection (nothing was sent, so even a change is safe to send elsewhere).
 */
public final class AdminClient {
    /** Long enough for a busy instance, short enough that on-call is not left staring at a silent terminal. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A change completes once the answering instance has applied it; that takes well under a second. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final HttpClient http;

    public AdminClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * An answer of the admin API.
     *
     * @param url    the instance that answered
     * @param status HTTP status
     * @param body   the JSON body; a text node when the body was not JSON, a missing node when empty
     */
    public record Response(URI url, int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's {@code detail} (RFC 9457), else its title, else the raw body. */
        public String detail() {
            for (String field : List.of("detail", "title")) {
                if (body.path(field).isTextual() && !body.path(field).asText().isBlank()) {
                    return body.path(field).asText();
                }
            }
            return body.isTextual() ? body.asText().strip() : body.isMissingNode() ? "(no body)" : body.toString();
        }
    }

    /** Sends {@code request} to the first instance that accepts a connection. */
    public Response send(AdminRequest request) throws OrchestratorUnreachableException {
        List<String> refused = new ArrayList<>();
        for (URI base : settings.urls()) {
            URI url = URI.create(base + request.path());
            try {
                HttpResponse<String> response = http.send(build(url, request), HttpResponse.BodyHandlers.ofString());
                return new Response(base, response.statusCode(), parse(response.body()));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                refused.add(base + " (" + describe(e) + ")");
            } catch (HttpTimeoutException e) {
                throw new OrchestratorUnreachableException("no answer from " + base + " within "
                        + REQUEST_TIMEOUT.toSeconds() + " s to " + request.method() + " " + request.path()
                        + afterthought(request));
            } catch (IOException e) {
                throw new OrchestratorUnreachableException("the connection to " + base + " failed during "
                        + request.method() + " " + request.path() + ": " + describe(e) + afterthought(request));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrchestratorUnreachableException("interrupted while waiting for " + base);
            }
        }
        throw new OrchestratorUnreachableException("cannot reach the orchestrator at " + String.join(", ", refused)
                + "; is it running? (./tandem up starts it; --url names another)");
    }

    private HttpRequest build(URI url, AdminRequest request) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + settings.token());
        if (request.body() != null) {
            try {
                body = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the request body", e);
            }
            builder.header("Content-Type", "application/json");
        }
        return builder.method(request.method(), body).build();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }

    // After a change was sent, on-call must know that it may have been applied before the failure.
    private static String afterthought(AdminRequest request) {
        return request.mutating() ? "; the change may or may not have been applied: check ./tandem status" : "";
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        // The JDK's client leaves the message of a refused connection empty.
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
}
