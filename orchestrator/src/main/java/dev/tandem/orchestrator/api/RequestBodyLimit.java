package dev.tandem.orchestrator.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bounds token API bodies before any of them is read: a body must announce its length
 * (bodies of unknown length are refused with 411), and a length over {@value #MAX_BODY_BYTES} bytes is
 * refused with 413, both as problem+json. A token record is well under 2 KiB; anything near the
 * limit is a mistake or an attack. Requiring the length keeps the decision here, where it costs
 * nothing: a chunked body would be cut off mid-read by Quarkus's
 * {@code quarkus.http.limits.max-body-size}, which answers without a problem body.
 */
@ApplicationScoped
public class RequestBodyLimit {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** Ahead of Quarkus's own limit handler (order -2). */
    private static final int ORDER = -10;

    void install(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && announcesNoLength(context)) {
                refuse(context, 411, "Length required", "send the body with a Content-Length header (at most "
                        + MAX_BODY_BYTES + " bytes); chunked bodies are not accepted");
            } else if (length != null && tooLong(length)) {
                refuse(context, 413, "Payload too large", "the body has " + length.strip() + " bytes; at most "
                        + MAX_BODY_BYTES + " are accepted");
            } else {
                context.next();
            }
        });
    }

    /**
     * A body of unknown length: chunked (HTTP/1.1), or a PUT without a length (an HTTP/2 stream
     * needs no chunking to leave it out). A POST without a length passes: the revoke endpoints
     * read no body, and {@code curl -X POST} sends none.
     */
    private static boolean announcesNoLength(RoutingContext context) {
        return context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || context.request().method() == HttpMethod.PUT;
    }

    private static void refuse(RoutingContext context, int status, String title, String detail) {
        JsonObject problem = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("field", "body");
        // The unread body would otherwise have to be drained before the connection could serve again.
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem.encode());
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            // Not a length: Vert.x's HTTP codec refuses such a request itself.
            return false;
        }
    }
}
