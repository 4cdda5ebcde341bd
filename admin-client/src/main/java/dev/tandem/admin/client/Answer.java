package dev.tandem.admin.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tandem.admin.view.Problem;

import java.net.URI;
import java.util.List;

/**
 * An answer of the admin API: the instance that answered, the status, the body as sent (for {@code -o json},
 * which prints the server's JSON, not this client's reading of it), and the body read as {@code T} (2xx) or
 * as a {@link Problem} (otherwise).
 */
public final class Answer<T> {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AdminCall<T> call;
    private final URI url;
    private final int status;
    private final String body;
    private final T value;
    private final Problem problem;
    private final String unreadable;

    Answer(AdminCall<T> call, URI url, int status, String body, T value, Problem problem, String unreadable) {
        this.call = call;
        this.url = url;
        this.status = status;
        this.body = body;
        this.value = value;
        this.problem = problem;
        this.unreadable = unreadable;
    }

    /** The call this answers. */
    public AdminCall<T> call() {
        return call;
    }

    /** The instance that answered. */
    public URI url() {
        return url;
    }

    public int status() {
        return status;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as the orchestrator sent it; empty when it sent none. */
    public String body() {
        return body;
    }

    /**
     * The 2xx body as its record (an empty body reads as a record of absent fields).
     *
     * @throws IllegalStateException when the answer is not 2xx, or its body does not read as {@code T}:
     *                               the message says which instance sent what
     */
    public T value() {
        if (!ok()) {
            throw new IllegalStateException(url + " answered " + status + ": " + detail());
        }
        if (value == null) {
            throw new IllegalStateException(unreadable);
        }
        return value;
    }

    /**
     * The 2xx body as its record, for a client that stops (or waits) on anything else.
     *
     * @throws AdminCallException when the answer is not 2xx, or its body does not read as {@code T}
     */
    public T orThrow() throws AdminCallException {
        if (ok()) {
            if (value == null) {
                throw new AdminCallException(status, unreadable);
            }
            return value;
        }
        String what = call.method() + " " + call.path();
        throw new AdminCallException(status, switch (status) {
            case 400, 409, 422 -> what + " was refused (" + status + "): " + detail();
            case 401, 403 -> what + " was not allowed (" + status + ") by " + url
                    + ": is the admin token the one the orchestrator was started with? " + detail();
            case 404 -> what + " answered 404: " + url + " has no such endpoint (an older orchestrator?): " + detail();
            default -> what + " failed (" + status + ") at " + url + ": " + detail();
        });
    }

    /** Why a 2xx body does not read as {@code T}; null when it does, or when the answer is not 2xx. */
    public String unreadable() {
        return ok() ? unreadable : null;
    }

    /** The problem (RFC 9457) of an answer that is not 2xx; its fields null when the body was no problem. */
    public Problem problem() {
        return problem;
    }

    /** The problem's {@code detail}, else its title, else the raw body. */
    public String detail() {
        for (String text : List.of(nullToEmpty(problem.detail()), nullToEmpty(problem.title()))) {
            if (!text.isBlank()) {
                return text;
            }
        }
        JsonNode tree = tree(body);
        return tree.isTextual() ? tree.asText().strip() : tree.isMissingNode() ? "(no body)" : tree.toString();
    }

    /** The body indented, as {@code -o json} prints it; a body that is not JSON prints as a JSON string. */
    public String prettyJson() {
        JsonNode tree = tree(body);
        try {
            return PRETTY.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return tree.toString();
        }
    }

    static JsonNode tree(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return PRETTY.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
