package dev.tandem.demo.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orchestrator's admin API as the demo drives it, with the operator token sent as the CLI sends
 * it ({@code Authorization: Bearer ...}). Answers are JSON; refusals are problem+json whose
 * {@code detail} is passed on as it is.
 */
public final class AdminApi {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String token;

    public AdminApi(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    public URI base() {
        return base;
    }

    public MigrationView migration() throws AdminException, InterruptedException {
        return MigrationView.parse(send("GET", "/admin/migration", null));
    }

    /** Asks for the forward step to {@code to}; never forced. */
    public JsonNode changePhase(String to, String reason) throws AdminException, InterruptedException {
        return send("POST", "/admin/migration/phase", body("to", to, "reason", reason));
    }

    public JsonNode reads(String flag, String reason) throws AdminException, InterruptedException {
        return send("PUT", "/admin/migration/reads", body("flag", flag, "reason", reason));
    }

    public JsonNode rollback(String reason) throws AdminException, InterruptedException {
        return send("POST", "/admin/migration/rollback", body("reason", reason));
    }

    public JsonNode autoCutover(boolean enabled, String reason) throws AdminException, InterruptedException {
        return send("PUT", "/admin/migration/auto-cutover", body("enabled", enabled, "reason", reason));
    }

    public JsonNode startBackfill(String reason) throws AdminException, InterruptedException {
        return send("POST", "/admin/backfill", body("action", "start", "reason", reason));
    }

    public BackfillView backfill() throws AdminException, InterruptedException {
        return BackfillView.parse(send("GET", "/admin/backfill", null));
    }

    public JsonNode startVerification(String reason) throws AdminException, InterruptedException {
        return send("POST", "/admin/verification", body("reason", reason));
    }

    public VerificationView verification() throws AdminException, InterruptedException {
        return VerificationView.parse(send("GET", "/admin/verification", null));
    }

    /** The differences the last verification run found ({@code items}): ids are hashes, records hold no secret. */
    public JsonNode verificationReport() throws AdminException, InterruptedException {
        return send("GET", "/admin/verification/report", null);
    }

    public JsonNode checker() throws AdminException, InterruptedException {
        return send("GET", "/admin/checker", null);
    }

    public JsonNode repair() throws AdminException, InterruptedException {
        return send("GET", "/admin/repair", null);
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    JsonNode send(String method, String path, Map<String, Object> body) throws AdminException, InterruptedException {
        String call = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the body of " + call, e);
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            throw new AdminException(call + " to " + base + " failed: " + message);
        }
        return answer(call, response.statusCode(), parse(response.body()));
    }

    /** Sorts an answer: 2xx is the body; 404 a missing endpoint; 400/409 a refusal; anything else an error. */
    static JsonNode answer(String call, int status, JsonNode body) throws AdminException {
        if (status >= 200 && status < 300) {
            return body;
        }
        String detail = detail(body);
        if (status == 404) {
            throw new AdminException.Missing(call + " answered 404: this orchestrator has no such endpoint yet"
                    + " (built by another part of issue 5?)" + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (status == 400 || status == 409 || status == 422) {
            throw new AdminException.Refused(status, call + " was refused (" + status + ")" + (detail.isEmpty() ? "" : ": " + detail));
        }
        if (status == 401 || status == 403) {
            throw new AdminException(call + " was not allowed (" + status + "): is the admin token in .tandem/admin-token"
                    + " the one the orchestrator was started with?" + (detail.isEmpty() ? "" : " " + detail));
        }
        return failWith(call, status, detail);
    }

    private static JsonNode failWith(String call, int status, String detail) throws AdminException {
        throw new AdminException(call + " failed (" + status + ")" + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** The problem's detail, else its title, else the raw body (abbreviated). */
    static String detail(JsonNode body) {
        for (String field : new String[]{"detail", "title"}) {
            if (body.path(field).isTextual() && !body.path(field).textValue().isBlank()) {
                return body.path(field).textValue();
            }
        }
        String raw = body.isTextual() ? body.textValue().strip() : body.isMissingNode() ? "" : body.toString();
        return raw.length() <= 300 ? raw : raw.substring(0, 300) + "…";
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
}
