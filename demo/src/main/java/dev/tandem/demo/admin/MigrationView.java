package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/migration}, the fields the demo uses.
 *
 * @param readFlag    legacy, engine or auto
 * @param rampPercent the engine's share of reads in READ_ENGINE with flag auto
 * @param effective   where reads go now: legacy, engine or split
 * @param nextPhase   the next forward phase, null in the last one
 * @param guards      the verdicts of the step to {@code nextPhase}
 * @param autoCutover whether automatic cutover is on; null when this orchestrator does not say
 */
public record MigrationView(String phase, long revision, String readFlag, int rampPercent, String effective,
                            String nextPhase, List<GuardView> guards, Boolean autoCutover) {
    static final String WHERE = "GET /admin/migration";

    public static MigrationView parse(JsonNode body) throws AdminException {
        String phase = Json.text(body, "phase", WHERE);
        long revision = Json.whole(body, "revision", WHERE);
        JsonNode reads = Json.object(body, "reads", WHERE);
        String flag = Json.text(reads, "flag", WHERE + " reads");
        long ramp = Json.whole(reads, "rampPercent", WHERE + " reads");
        if (ramp < 0 || ramp > 100) {
            throw new AdminException(WHERE + " answered reads.rampPercent " + ramp + ": expected 0 to 100");
        }
        String effective = reads.path("effective").isTextual() ? reads.path("effective").textValue() : "?";
        JsonNode next = body.path("nextPhase");
        if (!next.isNull() && !next.isMissingNode() && !next.isTextual()) {
            throw Json.wrong(WHERE, "nextPhase", "a phase name or null", next);
        }
        JsonNode guardList = body.path("guards");
        if (!guardList.isArray()) {
            throw Json.wrong(WHERE, "guards", "an array", guardList);
        }
        List<GuardView> guards = new ArrayList<>();
        for (JsonNode guard : guardList) {
            String where = WHERE + " guards[" + guards.size() + "]";
            guards.add(new GuardView(Json.text(guard, "name", where), Json.bool(guard, "ok", where),
                    guard.path("status").asText(Json.bool(guard, "ok", where) ? "OK" : "FAILED"),
                    guard.path("reason").asText("")));
        }
        return new MigrationView(phase, revision, flag, (int) ramp, effective, next.isTextual() ? next.textValue() : null,
                List.copyOf(guards), autoCutover(body.path("autoCutover")));
    }

    /** {@code autoCutover} is a boolean, or an object with {@code enabled}, depending on the orchestrator's version. */
    private static Boolean autoCutover(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isObject() && node.path("enabled").isBoolean()) {
            return node.path("enabled").booleanValue();
        }
        return null;
    }

    public List<GuardView> failingGuards() {
        return guards.stream().filter(guard -> !guard.ok()).toList();
    }
}
