package dev.tandem.orchestrator.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenStoreException;
import dev.tandem.orchestrator.control.WritesFencedException;
import dev.tandem.orchestrator.write.ConcurrentWriteException;
import dev.tandem.orchestrator.write.KindConflictException;
import dev.tandem.orchestrator.write.ReplayQueueUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place that turns failures into RFC 9457 {@code application/problem+json}. A client error
 * is answered 4xx with what was wrong and what is valid; nothing reaches a caller as a stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** Builds a problem response; also used by filters that answer before a resource runs. */
    public static Response problem(int status, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return problem(e.status(), e.title(), e.getMessage(), e.extensions());
    }

    @ServerExceptionMapper
    public Response invalidRecord(InvalidTokenRecordException e) {
        return problem(400, "Invalid token record", e.getMessage(), Map.of("field", e.field()));
    }

    @ServerExceptionMapper
    public Response storeFailure(TokenStoreException e) {
        LOG.warnf("%s (retriable: %s)", e.getMessage(), e.retriable());
        return problem(503, "Store unavailable", "the " + e.store() + " store could not complete the request"
                + (e.retriable() ? "; it may succeed when retried" : ""), Map.of("store", e.store()));
    }

    /** The mirror and the replay queue both failed: not acknowledged, the primary holds the write, a retry is safe. */
    @ServerExceptionMapper
    public Response replayQueueUnavailable(ReplayQueueUnavailableException e) {
        LOG.warn(e.getMessage());
        return problem(503, "Replay queue unavailable", e.getMessage(), Map.of("retriable", true));
    }

    /** The control lease lapsed: this instance admits no write until it has caught up; another one may. */
    @ServerExceptionMapper
    public Response writesFenced(WritesFencedException e) {
        LOG.warn(e.getMessage());
        return problem(503, "Writes fenced", e.getMessage(), Map.of("retriable", true));
    }

    @ServerExceptionMapper
    public Response kindConflict(KindConflictException e) {
        return problem(409, "Kind conflict", e.getMessage(), Map.of("field", "kind", "stored", e.stored().wireName()));
    }

    @ServerExceptionMapper
    public Response concurrentWrite(ConcurrentWriteException e) {
        return problem(409, "Concurrent write", e.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return problem(400, "Malformed request body", describe(e), Map.of());
    }

    /**
     * Jackson's binding failures (unknown field, wrong type, empty body). Named apart from
     * {@link #unreadableJson} because Quarkus brings its own mapper for this type, which would
     * otherwise win as the closer match and answer without a problem body.
     */
    @ServerExceptionMapper
    public Response unboundJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return problem(status, "Internal error", "the request could not be completed", Map.of());
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Client error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return problem(status, title, e.getMessage() == null ? title : e.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        // Logged in full here, never sent: an exception message may carry anything.
        LOG.error("unexpected failure", e);
        return problem(500, "Internal error", "the request could not be completed", Map.of());
    }

    /** A Jackson failure told as a field, a value and what is valid, without echoing the body. */
    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return "unknown field \"" + unknown.getPropertyName() + "\" (valid: " + known + ")";
        }
        if (e instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
            return path(format) + ": expected " + typeName(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched) {
            if (!mismatched.getPath().isEmpty()) {
                return path(mismatched) + ": expected " + typeName(mismatched.getTargetType());
            }
            String original = mismatched.getOriginalMessage() == null ? "" : mismatched.getOriginalMessage();
            if (original.startsWith("No content")) {
                return "the body is empty: expected a JSON object";
            }
            if (original.startsWith("Trailing token")) {
                return "the body goes on after its JSON value: send exactly one JSON object";
            }
            return "the body must be " + typeName(mismatched.getTargetType());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping) + ": invalid value";
        }
        // Parser messages quote the offending input, which may be a secret pasted by mistake: give the place only.
        JsonLocation at = e.getLocation();
        return "the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an RFC 3339 UTC time such as 2026-11-27T12:00:00Z";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
