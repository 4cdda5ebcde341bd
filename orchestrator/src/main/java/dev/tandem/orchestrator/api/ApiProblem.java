package dev.tandem.orchestrator.api;

import java.util.Map;

/**
 * A request the API refuses, answered as RFC 9457 {@code application/problem+json} by
 * {@link ProblemMapper}. The detail goes to the caller as it is: name the field, the value and what
 * is valid, and never a secret.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final Map<String, Object> extensions;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public ApiProblem(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail);
    }

    public static ApiProblem conflict(String detail, Map<String, Object> extensions) {
        return new ApiProblem(409, "Conflict", detail, extensions);
    }

    /** The service cannot answer now; the same request may pass later. */
    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "Service unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
