package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders the admin API's answers for a person on call: the state first, what changed, and every guard
 * with its reason. Tolerant of missing fields (an older or newer orchestrator): what is absent is shown
 * as {@code ?} rather than failing the command.
 */
public final class HumanOutput {
    private static final String UNKNOWN = "?";
    static final String POINT_OF_NO_RETURN_WARNING = "%s is the point of no return: once entered, legacy receives no"
            + " writes and no rollback is possible\n";

    private HumanOutput() {
    }

    /** {@code GET /admin/migration}. */
    public static String status(JsonNode migration) {
        StringBuilder out = new StringBuilder();
        JsonNode reads = migration.path("reads");
        String since = migration.path("changedAt").isTextual() ? ", since " + seconds(migration.path("changedAt").asText()) : "";
        line(out, "phase", text(migration.path("phase")) + (migration.path("revision").isNumber()
                ? " (revision " + migration.path("revision").asLong() + since + ")" : ""));
        line(out, "reads", "flag " + text(reads.path("flag")) + ", ramp " + text(reads.path("rampPercent"))
                + "% -> served by " + text(reads.path("effective")));
        line(out, "mirror", text(migration.path("mirrorFailures")) + " failed mirror writes on this instance since it started");
        if (migration.has("autoCutover")) {
            line(out, "cutover", "automatic " + onOff(migration.path("autoCutover")) + ramp(migration.path("ramp")));
            JsonNode decision = migration.path("ramp").path("lastDecision");
            if (decision.isObject()) {
                line(out, "", "last look " + seconds(text(decision.path("at"))) + ": " + text(decision.path("decision"))
                        + ", " + text(decision.path("reason")) + outcome(decision.path("outcome")));
            }
        }
        JsonNode rollback = migration.path("rollbackReadiness");
        if (rollback.isObject()) {
            line(out, "rollback", (rollback.path("lossless").asBoolean(false) ? "lossless: " : "WOULD LOSE WRITES: ")
                    + text(rollback.path("detail")));
        }
        JsonNode replay = migration.path("replayQueue");
        if (replay.isObject()) {
            line(out, "replay", replayQueue(replay));
        }
        JsonNode instance = migration.path("instance");
        if (instance.isObject() && instance.size() > 0) {
            line(out, "instance", instance(instance));
        }
        JsonNode live = migration.path("instances");
        if (live.isArray() && !live.isEmpty()) {
            List<String> peers = new ArrayList<>();
            live.forEach(peer -> peers.add("node " + text(peer.path("nodeId")) + " " + text(peer.path("address"))
                    + " (revision " + text(peer.path("revision")) + ")"));
            line(out, "instances", live.size() + " live: " + String.join(", ", peers));
        }
        JsonNode next = migration.path("nextPhase");
        String pointOfNoReturn = migration.path("pointOfNoReturn").asText("");
        if (next.isTextual()) {
            out.append("guards of the next step, ").append(text(migration.path("phase"))).append(" -> ").append(next.asText())
                    .append(next.asText().equals(pointOfNoReturn) ? " (the point of no return)" : "").append(":\n");
            out.append(guardLines(migration.path("guards"), false));
        } else if (next.isNull()) {
            out.append("no forward step from ").append(text(migration.path("phase"))).append('\n');
        } else {
            out.append("guards:\n").append(guardLines(migration.path("guards"), false));
        }
        return out.toString();
    }

    /** {@code queue 3 pending (oldest 12s): 3 toward engine}, or {@code queue empty}. */
    static String replayQueue(JsonNode replay) {
        long pending = replay.path("pending").asLong(0);
        if (pending == 0) {
            return "queue empty (every failed mirror write replayed)";
        }
        List<String> toward = new ArrayList<>();
        for (String store : List.of("legacy", "engine")) {
            long count = replay.path("toward").path(store).asLong(0);
            if (count > 0) {
                toward.add(count + " toward " + store);
            }
        }
        String oldest = replay.path("oldestSeconds").isNumber() ? " (oldest " + replay.path("oldestSeconds").asLong() + "s)" : "";
        return "queue " + pending + " pending" + oldest + ": " + String.join(", ", toward);
    }

    /**
     * The answer to a phase, reads or rollback change (2xx): applied, or for a dry run the plan and
     * whether it would be refused ({@code "refused": true}, which the CLI exits 1 for).
     */
    public static String change(Command command, JsonNode answer) {
        StringBuilder out = new StringBuilder();
        String what = command.word() + " " + describeChange(answer.path("from"), answer.path("to"))
                + (answer.path("forced").asBoolean(false) ? " (forced)" : "");
        if (answer.path("dryRun").asBoolean(false)) {
            out.append("dry run: ").append(what);
            if (answer.path("refused").asBoolean(false)) {
                out.append(" would be refused: ").append(text(answer.path("refusal")));
            } else {
                out.append(" would be applied");
            }
            out.append("; nothing was changed\n");
        } else if (answer.path("applied").asBoolean(false)) {
            out.append(what).append(": applied").append(answer.path("revision").isNumber()
                    ? ", revision " + answer.path("revision").asLong() : "").append('\n');
        } else {
            out.append(what).append(": not applied\n");
        }
        if (answer.path("entersPointOfNoReturn").asBoolean(false)) {
            out.append(POINT_OF_NO_RETURN_WARNING.formatted(text(answer.path("to"))));
        }
        JsonNode state = answer.path("state");
        if (state.isObject()) {
            out.append(answer.path("dryRun").asBoolean(false) ? "current: " : "now: ").append(describeState(state)).append('\n');
        }
        JsonNode guards = answer.path("guards");
        if (guards.isArray() && !guards.isEmpty()) {
            out.append("guards:\n").append(guardLines(guards, false));
        }
        return out.toString();
    }

    /** A 409: the change was refused. Names the failing guards with their reasons, or the allowed steps. */
    public static String refusal(Command command, JsonNode problem) {
        StringBuilder out = new StringBuilder("refused: ");
        String detail = problem.path("detail").asText(problem.path("title").asText("the orchestrator refused " + command.word()));
        out.append(detail).append('\n');
        String failing = guardLines(problem.path("guards"), true);
        if (!failing.isEmpty()) {
            out.append("failing guards:\n").append(failing);
            if (command == Command.PHASE) {
                out.append("a forward step may be forced with --force (audited as forced)\n");
            }
        } else if (problem.path("allowed").isArray() && problem.path("from").isTextual() && !detail.contains("allowed")) {
            List<String> allowed = new ArrayList<>();
            problem.path("allowed").forEach(phase -> allowed.add(phase.asText()));
            out.append("allowed from ").append(problem.path("from").asText()).append(": ")
                    .append(allowed.isEmpty() ? "no step" : String.join(", ", allowed)).append('\n');
        }
        return out.toString();
    }

    /** {@code GET /admin/audit}: one line per change, oldest first. */
    public static String audit(JsonNode audit) {
        JsonNode entries = audit.path("entries");
        if (!entries.isArray() || entries.isEmpty()) {
            return "no changes recorded yet\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REV", "AT", "ACTOR", "ACTION", "CHANGE", "REASON"});
        for (JsonNode entry : entries) {
            rows.add(new String[] {
                    text(entry.path("revision")),
                    seconds(text(entry.path("at"))),
                    text(entry.path("actor")),
                    text(entry.path("action")),
                    describeChange(entry.path("from"), entry.path("to")) + (entry.path("forced").asBoolean() ? " (forced)" : ""),
                    text(entry.path("reason"))});
        }
        return table(rows);
    }

    /** {@code GET /admin/divergence}: the counts, then one line per id. */
    public static String divergence(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        JsonNode settled = answer.path("settled");
        if (answer.has("reporting") && !answer.path("reporting").asBoolean()) {
            out.append("the checker is not reporting: counts unknown, the list may be stale\n");
        }
        out.append("settled: ").append(text(settled.path("critical"))).append(" critical, ")
                .append(text(settled.path("major"))).append(" major, ").append(text(settled.path("minor")))
                .append(" minor; showing ").append(text(answer.path("shown"))).append(" of ")
                .append(text(answer.path("total"))).append('\n');
        JsonNode items = answer.path("items");
        if (!items.isArray() || items.isEmpty()) {
            return out.append("no settled divergence listed\n").toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "SEVERITY", "FIELDS", "SINCE"});
        for (JsonNode item : items) {
            List<String> fields = new ArrayList<>();
            item.path("fields").forEach(field -> fields.add(field.asText()));
            String id = text(item.path("tokenId"));
            rows.add(new String[] {
                    id.length() > 12 ? id.substring(0, 12) : id,
                    text(item.path("kind")),
                    text(item.path("severity")),
                    fields.isEmpty() ? "-" : String.join(",", fields),
                    seconds(text(item.path("since")))});
        }
        return out.append(table(rows)).toString();
    }

    /** {@code GET /admin/checker}. */
    public static String checker(JsonNode checker) {
        StringBuilder out = new StringBuilder();
        line(out, "checker", checker.path("reporting").asBoolean(false) ? "reporting"
                : "NOT reporting (no fresh status from any instance)");
        JsonNode lag = checker.path("lagSeconds");
        line(out, "lag", "legacy " + text(lag.path("legacy")) + "s, engine " + text(lag.path("engine")) + "s");
        line(out, "events", text(checker.path("eventsPerSecond")) + "/s");
        JsonNode settled = checker.path("settled");
        line(out, "settled", text(settled.path("critical")) + " critical, " + text(settled.path("major")) + " major, "
                + text(settled.path("minor")) + " minor; " + text(checker.path("pending")) + " pending");
        JsonNode kinds = checker.path("byKind");
        if (kinds.isObject()) {
            List<String> parts = new ArrayList<>();
            kinds.fields().forEachRemaining(kind -> parts.add(kind.getKey() + " " + text(kind.getValue())));
            line(out, "by kind", String.join(", ", parts));
        }
        JsonNode dead = checker.path("deadLetters");
        line(out, "dead", "letters: legacy " + text(dead.path("legacy")) + ", engine " + text(dead.path("engine")));
        JsonNode partitions = checker.path("partitions");
        line(out, "covers", "partitions " + text(partitions.path("covered")) + " of " + text(partitions.path("expected"))
                + (partitions.path("uncovered").isArray() && !partitions.path("uncovered").isEmpty()
                ? " (unchecked: " + text(partitions.path("uncovered")) + ")" : ""));
        JsonNode instances = checker.path("instances");
        if (instances.isArray() && !instances.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"  INSTANCE", "STATE", "AGE", "FRESH", "PARTITIONS"});
            for (JsonNode instance : instances) {
                rows.add(new String[] {"  " + text(instance.path("instance")), text(instance.path("state")),
                        text(instance.path("ageSeconds")) + "s", instance.path("fresh").asBoolean() ? "yes" : "no",
                        text(instance.path("partitions"))});
            }
            out.append(table(rows));
        } else {
            out.append("no checker instance has reported\n");
        }
        return out.toString();
    }

    /** {@code POST /admin/repair}: one line per id. */
    public static String repair(JsonNode answer) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "OUTCOME", "DETAIL"});
        for (JsonNode result : answer.path("results")) {
            rows.add(new String[] {text(result.path("tokenId")), text(result.path("outcome")), text(result.path("detail"))});
        }
        return table(rows);
    }

    /** Whether a repair answer holds a failed repair: the CLI exits 1 then. */
    public static boolean anyRepairFailed(JsonNode answer) {
        for (JsonNode result : answer.path("results")) {
            if ("failed".equals(result.path("outcome").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What changed between two states (objects with any of phase, flag, ramp) or two phase names: the
     * parts that differ, or the state when nothing does.
     */
    static String describeChange(JsonNode from, JsonNode to) {
        if (from.isTextual() || to.isTextual()) {
            return text(from) + " -> " + text(to);
        }
        if (!from.isObject() && !to.isObject()) {
            return UNKNOWN;
        }
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String part : List.of("phase", "flag", "ramp", "auto-cutover")) {
            String before = part(from, part);
            String after = part(to, part);
            if (before == null && after == null) {
                continue;
            }
            String unit = part.equals("ramp") ? "%" : "";
            if (Objects.equals(before, after)) {
                unchanged.add(part + " " + after + unit);
            } else {
                changed.add(part + " " + (before == null ? UNKNOWN : before + unit) + " -> "
                        + (after == null ? UNKNOWN : after + unit));
            }
        }
        return changed.isEmpty() ? "unchanged (" + String.join(", ", unchanged) + ")" : String.join(", ", changed);
    }

    static String describeState(JsonNode state) {
        String effective = state.path("reads").path("effective").isMissingNode() ? ""
                : " -> served by " + text(state.path("reads").path("effective"));
        return "phase " + text(state.path("phase")) + ", flag " + orUnknown(part(state, "flag")) + ", ramp "
                + orUnknown(part(state, "ramp")) + "%" + effective
                + (state.path("autoCutover").isBoolean() ? ", auto-cutover " + onOff(state.path("autoCutover")) : "")
                + (state.path("revision").isNumber() ? " (revision " + state.path("revision").asLong() + ")" : "");
    }

    // Status answers nest the reads ("reads": {"flag", "rampPercent"}); changes and the audit keep
    // them flat ("flag", "rampPercent"): accept both. Null when the state does not have the part.
    private static String part(JsonNode state, String part) {
        JsonNode value = switch (part) {
            case "phase" -> state.path("phase");
            case "flag" -> state.path("reads").has("flag") ? state.path("reads").path("flag") : state.path("flag");
            case "auto-cutover" -> state.path("autoCutover");
            default -> state.path("reads").has("rampPercent") ? state.path("reads").path("rampPercent") : state.path("rampPercent");
        };
        if (value.isBoolean()) {
            return onOff(value);
        }
        return value.isMissingNode() || value.isNull() ? null : text(value);
    }

    private static String instance(JsonNode instance) {
        List<String> parts = new ArrayList<>();
        if (instance.has("nodeId")) {
            parts.add("node " + text(instance.path("nodeId")));
        }
        if (instance.has("ready")) {
            parts.add(instance.path("ready").asBoolean() ? "caught up with the control log" : "NOT caught up with the control log");
        }
        JsonNode fenced = instance.path("writesFenced");
        if (fenced.isTextual()) {
            parts.add("WRITES FENCED: " + fenced.asText());
        }
        instance.fields().forEachRemaining(field -> {
            if (!List.of("nodeId", "ready", "writesFenced").contains(field.getKey())) {
                parts.add(field.getKey() + " " + text(field.getValue()));
            }
        });
        return String.join(", ", parts);
    }

    /** One line per guard: verdict, name, reason. {@code failingOnly} skips the guards that hold. */
    static String guardLines(JsonNode guards, boolean failingOnly) {
        if (!guards.isArray() || guards.isEmpty()) {
            return failingOnly ? "" : "  (none)\n";
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode guard : guards) {
            boolean ok = guard.path("ok").asBoolean(false);
            if (failingOnly && ok) {
                continue;
            }
            String verdict = guard.path("status").isTextual() ? guard.path("status").asText().toLowerCase(Locale.ROOT)
                    : ok ? "ok" : "failed";
            rows.add(new String[] {"  " + verdict, text(guard.path("name")), text(guard.path("reason"))});
        }
        return rows.isEmpty() ? "" : table(rows);
    }

    /** {@code ", ramp at step 2 of 4 (10%; steps 1% > 10% > 50% > 100%), dwell 300 s until ..."} while ramping. */
    private static String ramp(JsonNode ramp) {
        if (!ramp.isObject()) {
            return "";
        }
        List<String> steps = new ArrayList<>();
        ramp.path("steps").forEach(step -> steps.add(step.asText() + "%"));
        String plan = "steps " + String.join(" > ", steps) + ", dwell " + text(ramp.path("dwellSeconds")) + " s";
        if (!ramp.path("currentPercent").isNumber()) {
            return " (ramp " + plan + ")";
        }
        int percent = ramp.path("currentPercent").asInt();
        String at = ramp.path("step").isNumber() ? "step " + ramp.path("step").asInt() + " of " + steps.size() + " (" + percent + "%)"
                : percent + "% (set by hand, between steps)";
        return ", ramp at " + at + " (" + plan + (ramp.path("dwellEndsAt").isTextual()
                ? ", ends " + seconds(ramp.path("dwellEndsAt").asText()) : "") + ")";
    }

    private static String outcome(JsonNode outcome) {
        return !outcome.isTextual() || outcome.asText().equals("hold") ? "" : " [" + outcome.asText() + "]";
    }

    private static String orUnknown(String value) {
        return value == null ? UNKNOWN : value;
    }

    private static String onOff(JsonNode value) {
        return value.isBoolean() ? (value.asBoolean() ? "on" : "off") : text(value);
    }

    // Instants print as the API sends them; drop sub-second digits, which only add noise to a table.
    static String seconds(String instant) {
        return instant.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z") ? instant.replaceFirst("\\.\\d+Z$", "Z") : instant;
    }

    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return UNKNOWN;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-9s %s\n", label, value));
    }

    /** Left-aligned columns, two spaces apart; the last column is not padded. */
    static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i < columns - 1 ? String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]) : row[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
