package dev.tandem.cli;

import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.ControlPoint;
import dev.tandem.admin.view.Divergences;
import dev.tandem.admin.view.Guard;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.PerSide;
import dev.tandem.admin.view.Problem;
import dev.tandem.admin.view.Reads;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.admin.view.Severities;

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
    public static String status(MigrationStatus migration) {
        StringBuilder out = new StringBuilder();
        Reads reads = migration.reads() == null ? new Reads(null, null, null) : migration.reads();
        String since = migration.changedAt() != null ? ", since " + seconds(migration.changedAt()) : "";
        line(out, "phase", text(migration.phase()) + (migration.revision() != null
                ? " (revision " + migration.revision() + since + ")" : ""));
        line(out, "reads", "flag " + text(reads.flag()) + ", ramp " + text(reads.rampPercent())
                + "% -> served by " + text(reads.effective()));
        line(out, "mirror", text(migration.mirrorFailures()) + " failed mirror writes on this instance since it started");
        if (migration.autoCutover() != null) {
            line(out, "cutover", "automatic " + onOff(migration.autoCutover()) + ramp(migration.ramp()));
            MigrationStatus.Decision decision = migration.ramp() == null ? null : migration.ramp().lastDecision();
            if (decision != null) {
                line(out, "", "last look " + seconds(text(decision.at())) + ": " + text(decision.decision())
                        + ", " + text(decision.reason()) + outcome(decision.outcome()));
            }
        }
        MigrationStatus.RollbackReadiness rollback = migration.rollbackReadiness();
        if (rollback != null) {
            line(out, "rollback", (rollback.lossless() ? "lossless: " : "WOULD LOSE WRITES: ") + text(rollback.detail()));
        }
        if (migration.replayQueue() != null) {
            line(out, "replay", replayQueue(migration.replayQueue()));
        }
        if (migration.instance() != null) {
            String instance = instance(migration.instance());
            if (!instance.isEmpty()) {
                line(out, "instance", instance);
            }
        }
        List<MigrationStatus.Peer> live = migration.instances();
        if (!live.isEmpty()) {
            List<String> peers = new ArrayList<>();
            live.forEach(peer -> peers.add("node " + text(peer.nodeId()) + " " + text(peer.address())
                    + " (revision " + text(peer.revision()) + ")"));
            line(out, "instances", live.size() + " live: " + String.join(", ", peers));
        }
        String next = migration.nextPhase();
        if (next != null) {
            out.append("guards of the next step, ").append(text(migration.phase())).append(" -> ").append(next)
                    .append(next.equals(migration.pointOfNoReturn()) ? " (the point of no return)" : "").append(":\n");
            out.append(guardLines(migration.guards(), false));
        } else {
            out.append("no forward step from ").append(text(migration.phase())).append('\n');
        }
        return out.toString();
    }

    /** {@code queue 3 pending (oldest 12s): 3 toward engine}, or {@code queue empty}. */
    static String replayQueue(MigrationStatus.ReplayQueue replay) {
        if (replay.pending() == 0) {
            return "queue empty (every failed mirror write replayed)";
        }
        PerSide<Long> counts = replay.toward() == null ? new PerSide<>(null, null) : replay.toward();
        List<String> toward = new ArrayList<>();
        if (counts.legacy() != null && counts.legacy() > 0) {
            toward.add(counts.legacy() + " toward legacy");
        }
        if (counts.engine() != null && counts.engine() > 0) {
            toward.add(counts.engine() + " toward engine");
        }
        String oldest = replay.oldestSeconds() != null ? " (oldest " + replay.oldestSeconds() + "s)" : "";
        return "queue " + replay.pending() + " pending" + oldest + ": " + String.join(", ", toward);
    }

    /**
     * The answer to a phase, reads or rollback change (2xx): applied, or for a dry run the plan and
     * whether it would be refused ({@code "refused": true}, which the CLI exits 1 for).
     */
    public static String change(String command, ChangeResult answer) {
        StringBuilder out = new StringBuilder();
        String what = command + " " + describeChange(answer.from(), answer.to())
                + (answer.forced() ? " (forced)" : "");
        if (answer.dryRun()) {
            out.append("dry run: ").append(what);
            if (answer.refused()) {
                out.append(" would be refused: ").append(text(answer.refusal()));
            } else {
                out.append(" would be applied");
            }
            out.append("; nothing was changed\n");
        } else if (answer.applied()) {
            out.append(what).append(": applied").append(answer.revision() != null
                    ? ", revision " + answer.revision() : "").append('\n');
        } else {
            out.append(what).append(": not applied\n");
        }
        if (Boolean.TRUE.equals(answer.entersPointOfNoReturn())) {
            out.append(POINT_OF_NO_RETURN_WARNING.formatted(answer.to() == null ? UNKNOWN : text(answer.to().phase())));
        }
        if (answer.state() != null) {
            out.append(answer.dryRun() ? "current: " : "now: ").append(describeState(answer.state())).append('\n');
        }
        if (!answer.guards().isEmpty()) {
            out.append("guards:\n").append(guardLines(answer.guards(), false));
        }
        return out.toString();
    }

    /** A 409: the change was refused. Names the failing guards with their reasons, or the allowed steps. */
    public static String refusal(String command, Problem problem) {
        StringBuilder out = new StringBuilder("refused: ");
        String detail = problem.detail() != null ? problem.detail()
                : problem.title() != null ? problem.title() : "the orchestrator refused " + command;
        out.append(detail).append('\n');
        String failing = guardLines(problem.guards(), true);
        if (!failing.isEmpty()) {
            out.append("failing guards:\n").append(failing);
            if (command.equals("phase")) {
                out.append("a forward step may be forced with --force (audited as forced)\n");
            }
        } else if (problem.allowed() != null && problem.from() != null && !detail.contains("allowed")) {
            out.append("allowed from ").append(problem.from()).append(": ")
                    .append(problem.allowed().isEmpty() ? "no step" : String.join(", ", problem.allowed())).append('\n');
        }
        return out.toString();
    }

    /** {@code GET /admin/audit}: one line per change, oldest first. */
    public static String audit(Audit audit) {
        if (audit.entries().isEmpty()) {
            return "no changes recorded yet\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REV", "AT", "ACTOR", "ACTION", "CHANGE", "REASON"});
        for (Audit.Entry entry : audit.entries()) {
            rows.add(new String[] {
                    text(entry.revision()),
                    seconds(text(entry.at())),
                    text(entry.actor()),
                    text(entry.action()),
                    describeChange(entry.from(), entry.to()) + (entry.forced() ? " (forced)" : ""),
                    text(entry.reason())});
        }
        return table(rows);
    }

    /** {@code GET /admin/divergence}: the counts, then one line per id. */
    public static String divergence(Divergences answer) {
        StringBuilder out = new StringBuilder();
        Severities settled = answer.settled() == null ? new Severities(null, null, null) : answer.settled();
        if (Boolean.FALSE.equals(answer.reporting())) {
            out.append("the checker is not reporting: counts unknown, the list may be stale\n");
        }
        out.append("settled: ").append(text(settled.critical())).append(" critical, ")
                .append(text(settled.major())).append(" major, ").append(text(settled.minor()))
                .append(" minor; showing ").append(text(answer.shown())).append(" of ")
                .append(text(answer.total())).append('\n');
        if (answer.items().isEmpty()) {
            return out.append("no settled divergence listed\n").toString();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "SEVERITY", "FIELDS", "SINCE"});
        for (Divergences.Item item : answer.items()) {
            String id = text(item.tokenId());
            rows.add(new String[] {
                    id.length() > 12 ? id.substring(0, 12) : id,
                    text(item.kind()),
                    text(item.severity()),
                    item.fields().isEmpty() ? "-" : String.join(",", item.fields()),
                    seconds(text(item.since()))});
        }
        return out.append(table(rows)).toString();
    }

    /** {@code GET /admin/checker}. */
    public static String checker(CheckerStatus checker) {
        StringBuilder out = new StringBuilder();
        line(out, "checker", checker.reporting() ? "reporting" : "NOT reporting (no fresh status from any instance)");
        PerSide<Double> lag = checker.lagSeconds() == null ? new PerSide<>(null, null) : checker.lagSeconds();
        line(out, "lag", "legacy " + text(lag.legacy()) + "s, engine " + text(lag.engine()) + "s");
        line(out, "events", text(checker.eventsPerSecond()) + "/s");
        Severities settled = checker.settled() == null ? new Severities(null, null, null) : checker.settled();
        line(out, "settled", text(settled.critical()) + " critical, " + text(settled.major()) + " major, "
                + text(settled.minor()) + " minor; " + text(checker.pending()) + " pending");
        if (checker.byKind() != null) {
            List<String> parts = new ArrayList<>();
            checker.byKind().forEach((kind, count) -> parts.add(kind + " " + text(count)));
            line(out, "by kind", String.join(", ", parts));
        }
        PerSide<Long> dead = checker.deadLetters() == null ? new PerSide<>(null, null) : checker.deadLetters();
        line(out, "dead", "letters: legacy " + text(dead.legacy()) + ", engine " + text(dead.engine()));
        CheckerStatus.Partitions partitions = checker.partitions() == null
                ? new CheckerStatus.Partitions(null, null, null) : checker.partitions();
        line(out, "covers", "partitions " + text(partitions.covered()) + " of " + text(partitions.expected())
                + (partitions.uncovered() != null && !partitions.uncovered().isEmpty()
                ? " (unchecked: " + text(partitions.uncovered()) + ")" : ""));
        if (!checker.instances().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"  INSTANCE", "STATE", "AGE", "FRESH", "PARTITIONS"});
            for (CheckerStatus.Instance instance : checker.instances()) {
                rows.add(new String[] {"  " + text(instance.instance()), text(instance.state()),
                        text(instance.ageSeconds()) + "s", instance.fresh() ? "yes" : "no",
                        text(instance.partitions())});
            }
            out.append(table(rows));
        } else {
            out.append("no checker instance has reported\n");
        }
        return out.toString();
    }

    /** {@code POST /admin/repair}: one line per id. */
    public static String repair(RepairResults answer) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "OUTCOME", "DETAIL"});
        for (RepairResults.Result result : answer.results()) {
            String id = result.tokenId() != null || result.clientId() == null ? text(result.tokenId())
                    : JobOutput.CLIENT_PREFIX + result.clientId();
            rows.add(new String[] {id, text(result.outcome()), text(result.detail())});
        }
        return table(rows);
    }

    /**
     * What changed between two sides of a change (phase names, or states with any of phase, flag, ramp,
     * auto-cutover): the parts that differ, or the state when nothing does.
     */
    static String describeChange(ControlPoint from, ControlPoint to) {
        if (from != null && from.phaseOnly() || to != null && to.phaseOnly()) {
            return text(from == null ? null : from.phase()) + " -> " + text(to == null ? null : to.phase());
        }
        if (from == null && to == null) {
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

    static String describeState(MigrationStatus state) {
        Reads reads = state.reads();
        String effective = reads == null || reads.effective() == null ? "" : " -> served by " + reads.effective();
        return "phase " + text(state.phase()) + ", flag " + text(reads == null ? null : reads.flag()) + ", ramp "
                + text(reads == null ? null : reads.rampPercent()) + "%" + effective
                + (state.autoCutover() != null ? ", auto-cutover " + onOff(state.autoCutover()) : "")
                + (state.revision() != null ? " (revision " + state.revision() + ")" : "");
    }

    // Null when the side does not have the part.
    private static String part(ControlPoint side, String part) {
        if (side == null) {
            return null;
        }
        Object value = switch (part) {
            case "phase" -> side.phase();
            case "flag" -> side.flag();
            case "auto-cutover" -> side.autoCutover();
            default -> side.rampPercent();
        };
        if (value instanceof Boolean on) {
            return onOff(on);
        }
        return value == null ? null : text(value);
    }

    private static String instance(MigrationStatus.Instance instance) {
        List<String> parts = new ArrayList<>();
        if (instance.nodeId() != null) {
            parts.add("node " + instance.nodeId());
        }
        if (instance.ready() != null) {
            parts.add(instance.ready() ? "caught up with the control log" : "NOT caught up with the control log");
        }
        if (instance.writesFenced() != null) {
            parts.add("WRITES FENCED: " + instance.writesFenced());
        }
        return String.join(", ", parts);
    }

    /** One line per guard: verdict, name, reason. {@code failingOnly} skips the guards that hold. */
    static String guardLines(List<Guard> guards, boolean failingOnly) {
        if (guards.isEmpty()) {
            return failingOnly ? "" : "  (none)\n";
        }
        List<String[]> rows = new ArrayList<>();
        for (Guard guard : guards) {
            if (failingOnly && guard.ok()) {
                continue;
            }
            String verdict = guard.status() != null ? guard.status().toLowerCase(Locale.ROOT) : guard.ok() ? "ok" : "failed";
            rows.add(new String[] {"  " + verdict, text(guard.name()), text(guard.reason())});
        }
        return rows.isEmpty() ? "" : table(rows);
    }

    /** {@code ", ramp at step 2 of 4 (10%; steps 1% > 10% > 50% > 100%), dwell 300 s until ..."} while ramping. */
    private static String ramp(MigrationStatus.Ramp ramp) {
        if (ramp == null) {
            return "";
        }
        List<String> steps = new ArrayList<>();
        ramp.steps().forEach(step -> steps.add(step + "%"));
        String plan = "steps " + String.join(" > ", steps) + ", dwell " + text(ramp.dwellSeconds()) + " s";
        if (ramp.currentPercent() == null) {
            return " (ramp " + plan + ")";
        }
        int percent = ramp.currentPercent();
        String at = ramp.step() != null ? "step " + ramp.step() + " of " + steps.size() + " (" + percent + "%)"
                : percent + "% (set by hand, between steps)";
        return ", ramp at " + at + " (" + plan + (ramp.dwellEndsAt() != null
                ? ", ends " + seconds(ramp.dwellEndsAt()) : "") + ")";
    }

    private static String outcome(String outcome) {
        return outcome == null || outcome.equals("hold") ? "" : " [" + outcome + "]";
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }

    // Instants print as the API sends them; drop sub-second digits, which only add noise to a table.
    static String seconds(String instant) {
        return instant.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z") ? instant.replaceFirst("\\.\\d+Z$", "Z") : instant;
    }

    /** A value as the API sent it; {@code ?} when absent. Lists print as JSON arrays do. */
    static String text(Object value) {
        if (value == null) {
            return UNKNOWN;
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(item instanceof String ? "\"" + item + "\"" : String.valueOf(item)));
            return "[" + String.join(",", items) + "]";
        }
        return String.valueOf(value);
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
