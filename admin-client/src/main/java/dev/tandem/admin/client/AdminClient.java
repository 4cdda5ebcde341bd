package dev.tandem.admin.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.Problem;

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
 * Calls the orchestrator's admin API with a bearer token. Tries the configured instances in order, moving on
 * only when an instance refuses the connection (nothing was sent, so even a change is safe to send elsewhere).
 */
public final class AdminClient {
    /** Long enough for a busy instance, short enough that on-call is not left staring at a silent terminal. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A change completes once the answering instance has applied it; that takes well under a second. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    // The records ignore unknown fields themselves; this keeps an older client reading a newer server even
    // where a record is nested in a map or list of plain values.
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<URI> urls;
    private final String token;
    private final HttpClient http;

    /** A client of the instances at {@code urls}, tried in order, sending {@code token}. */
    public AdminClient(List<URI> urls, String token) {
        this(urls, token, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    private AdminClient(List<URI> urls, String token, HttpClient http) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no orchestrator URL to call");
        }
        this.urls = List.copyOf(urls);
        this.token = token;
        this.http = http;
    }

    /** The same client asking only the instance at {@code url} (to see what that one applies). */
    public AdminClient at(URI url) {
        return new AdminClient(List.of(url), token, http);
    }

    /** The first instance this client tries. */
    public URI base() {
        return urls.get(0);
    }

    /** Sends {@code call} to the first instance that accepts a connection; any status is an answer. */
    public <T> Answer<T> send(AdminCall<T> call) throws OrchestratorUnreachableException {
        List<String> refused = new ArrayList<>();
        for (URI base : urls) {
            URI url = URI.create(base + call.path());
            try {
                HttpResponse<String> response = http.send(build(url, call), HttpResponse.BodyHandlers.ofString());
                return read(base, call, response.statusCode(), response.body() == null ? "" : response.body());
            } catch (ConnectException | HttpConnectTimeoutException e) {
                refused.add(base + " (" + describe(e) + ")");
            } catch (HttpTimeoutException e) {
                throw new OrchestratorUnreachableException("no answer from " + base + " within "
                        + REQUEST_TIMEOUT.toSeconds() + " s to " + call.method() + " " + call.path()
                        + afterthought(call));
            } catch (IOException e) {
                throw new OrchestratorUnreachableException("the connection to " + base + " failed during "
                        + call.method() + " " + call.path() + ": " + describe(e) + afterthought(call));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrchestratorUnreachableException("interrupted while waiting for " + base);
            }
        }
        throw new OrchestratorUnreachableException("cannot reach the orchestrator at " + String.join(", ", refused)
                + "; is it running? (./tandem up starts it; --url names another)");
    }

    /**
     * Sends {@code call} and answers its record: {@link #send} for a client that acts on the record and stops
     * (or waits) on anything else.
     *
     * @throws AdminCallException status 0 when no instance could be asked or the one asked did not answer;
     *                            else as {@link Answer#orThrow}
     */
    public <T> T call(AdminCall<T> call) throws AdminCallException {
        Answer<T> answer;
        try {
            answer = send(call);
        } catch (OrchestratorUnreachableException e) {
            throw new AdminCallException(0, e.getMessage());
        }
        return answer.orThrow();
    }

    static <T> Answer<T> read(URI base, AdminCall<T> call, int status, String body) {
        boolean ok = status >= 200 && status < 300;
        // An empty body reads as a record of absent fields, as a missing field does.
        String json = body.isBlank() ? "{}" : body;
        if (ok) {
            try {
                return new Answer<>(call, base, status, body, JSON.readValue(json, call.answer()), null, null);
            } catch (JsonProcessingException e) {
                return new Answer<>(call, base, status, body, null, null, base + " answered " + call.method() + " "
                        + call.path() + " with a body this client cannot read as " + call.answer().getSimpleName()
                        + ": " + e.getOriginalMessage());
            }
        }
        Problem problem;
        try {
            problem = JSON.readValue(json, Problem.class);
        } catch (JsonProcessingException e) {
            problem = new Problem(null, null, null, null, null, null);
        }
        return new Answer<>(call, base, status, body, null, problem, null);
    }

    private HttpRequest build(URI url, AdminCall<?> call) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + token);
        if (call.body() != null) {
            try {
                body = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the request body", e);
            }
            builder.header("Content-Type", "application/json");
        }
        return builder.method(call.method(), body).build();
    }

    // After a change was sent, on-call must know that it may have been applied before the failure.
    private static String afterthought(AdminCall<?> call) {
        return call.mutating() ? "; the change may or may not have been applied: check ./tandem status" : "";
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
