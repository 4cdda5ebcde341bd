package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The two admin calls the benchmark needs: read the phase, and force a step to another one. */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APPLY_LIMIT = Duration.ofSeconds(10);

    /** The admin API refused (401, 403, 409): the benchmark stops and says why. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final List<URI> urls;
    private final String token;

    AdminClient(HttpClient http, List<URI> urls, String token) {
        this.http = http;
        this.urls = urls;
        this.token = token;
    }

    /** The phase {@code url} applies now. */
    String phase(URI url) throws IOException, InterruptedException, RefusedException {
        HttpResponse<String> response = http.send(request(url, "/admin/migration").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = answer(response, "GET /admin/migration");
        JsonNode phase = body.has("phase") ? body.get("phase") : body.path("state").path("phase");
        if (!phase.isTextual()) {
            throw new IOException("GET /admin/migration on " + url + " answered no phase");
        }
        return phase.asText();
    }

    /** Forces the phase to {@code target} and waits until every instance applies it. */
    void forcePhase(String target, String reason) throws IOException, InterruptedException, RefusedException {
        if (phase(urls.get(0)).equals(target)) {
            return;
        }
        String body = JSON.writeValueAsString(Map.of("to", target, "reason", reason, "force", true));
        HttpResponse<String> response = http.send(request(urls.get(0), "/admin/migration/phase")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        answer(response, "POST /admin/migration/phase to " + target);
        long deadline = System.nanoTime() + APPLY_LIMIT.toNanos();
        for (URI url : urls) {
            while (!phase(url).equals(target)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(url + " did not apply phase " + target + " within " + APPLY_LIMIT.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Steps the phase to {@code target} through the admin API (forced or not) and answers the
     * switch barrier's audit line, e.g. {@code switch-barrier: writes held 840 ms}, or null when the
     * step went through no barrier.
     */
    String step(String target, boolean force, String reason) throws IOException, InterruptedException, RefusedException {
        String body = JSON.writeValueAsString(Map.of("to", target, "reason", reason, "force", force));
        answer(http.send(request(urls.get(0), "/admin/migration/phase").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()),
                "POST /admin/migration/phase to " + target);
        JsonNode audit = answer(http.send(request(urls.get(0), "/admin/audit?limit=1").GET().build(),
                HttpResponse.BodyHandlers.ofString()), "GET /admin/audit");
        for (JsonNode line : audit.path("entries").path(0).path("guards")) {
            if (line.asText().startsWith("switch-barrier:")) {
                return line.asText();
            }
        }
        return null;
    }

    private HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private static JsonNode answer(HttpResponse<String> response, String what) throws IOException, RefusedException {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (status == 401 || status == 403 || status == 409) {
            throw new RefusedException(what + " was refused (" + status + "): " + body.path("detail").asText(response.body()));
        }
        if (status / 100 != 2) {
            throw new IOException(what + " failed (" + status + "): " + body.path("detail").asText(response.body()));
        }
        return body;
    }
}
