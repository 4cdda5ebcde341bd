package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /admin/verification}, the fields the demo uses.
 *
 * @param runId  the run, as text (a number or a string on the wire); null when the answer has none
 * @param state  RUNNING, DONE or FAILED
 * @param phase  the phase the run ran in, null when not given
 * @param fresh  whether the run still counts for the guards; null when not given
 */
public record VerificationView(String runId, String state, String phase, long rowsCompared, long chunksDone,
                               long chunksTotal, double rowsPerSecond, long differences, boolean clean, Boolean fresh) {
    static final String WHERE = "GET /admin/verification";

    public static VerificationView parse(JsonNode body) throws AdminException {
        return new VerificationView(runId(body), Json.text(body, "state", WHERE),
                body.path("phase").isTextual() ? body.path("phase").textValue() : null,
                Json.whole(body, "rowsCompared", WHERE), Json.whole(body, "chunksDone", WHERE),
                Json.whole(body, "chunksTotal", WHERE), Json.number(body, "rowsPerSecond", WHERE),
                Json.whole(body, "differences", WHERE), Json.bool(body, "clean", WHERE),
                body.path("fresh").isBoolean() ? body.path("fresh").booleanValue() : null);
    }

    /** The run id of any answer that carries one (the status, or the answer to starting a run). */
    public static String runId(JsonNode body) {
        JsonNode id = body.path("runId");
        return id.isTextual() || id.isNumber() ? id.asText() : null;
    }
}
