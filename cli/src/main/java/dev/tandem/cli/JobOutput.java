package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.tandem.cli.HumanOutput.line;
import static dev.tandem.cli.HumanOutput.seconds;
import static dev.tandem.cli.HumanOutput.text;

/**
 * Renders the bulk jobs for a person: the backfill ({@code GET /admin/backfill}) and verification runs
 * ({@code GET /admin/verification}, its report). Each job has one progress line, which {@code --wait}
 * redraws, and the lines that only matter once: limits, tokens left behind, the verdict, errors.
 */
public final class JobOutput {
    /** How many differences {@code verify --wait} lists; {@code -o json} has every one. */
    public static final int DIFFERENCES_SHOWN = 20;
    static final int BAR_WIDTH = 20;
    static final int ID_PREFIX = 12;

    private JobOutput() {
    }

    /** {@code backfill status}, and the answer to its actions: the progress line, then what needs attention. */
    public static String backfill(JsonNode status) {
        if (!status.path("state").isTextual()) {
            return "backfill  never started: ./tandem backfill start --reason TEXT copies legacy's tokens"
                    + " (in DUAL_WRITE or later)\n";
        }
        return backfillProgress(status) + "\n" + backfillDetails(status);
    }

    /**
     * One line: state, bar, rows scanned of the estimated total, copied, skipped by cause, and while
     * running the rate and ETA.
     */
    public static String backfillProgress(JsonNode status) {
        String state = text(status.path("state"));
        long scanned = status.path("rowsScanned").asLong();
        long total = status.path("estimatedTotalRows").asLong();
        // The total is the server's estimate (InnoDB statistics), which a live table outgrows: never
        // claim 100% before the job says DONE.
        Integer percent = state.equals("DONE") ? Integer.valueOf(100)
                : total <= 0 ? null : Integer.valueOf((int) Math.min(99, scanned * 100 / total));
        long expired = status.path("rowsSkippedExpired").asLong();
        long expiring = status.path("rowsSkippedExpiring").asLong();
        long newer = status.path("rowsSkippedNewerInEngine").asLong();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "backfill  %s %s %s  %s of %s rows scanned;"
                        + " copied %s, skipped %s (%s expired, %s expiring%s)", state, bar(percent), percent(percent),
                count(scanned), total > 0 ? "~" + count(total) : "?", count(status.path("rowsCopied").asLong()),
                count(expired + expiring + newer), count(expired), count(expiring),
                newer > 0 ? ", " + count(newer) + " already in the engine" : ""));
        if (state.equals("RUNNING")) {
            out.append("; ").append(count(Math.round(status.path("rowsPerSecond").asDouble()))).append(" rows/s; ETA ")
                    .append(status.path("etaSeconds").isNumber() ? duration(status.path("etaSeconds").asLong()) : "?");
        }
        return out.toString();
    }

    /**
     * The lines under the progress line: the rate limit (and why the checker's lag holds it below the
     * setting), live tokens only legacy holds, the error.
     */
    public static String backfillDetails(JsonNode status) {
        StringBuilder out = new StringBuilder();
        if ("RUNNING".equals(status.path("state").asText())) {
            long effective = status.path("effectiveRowsPerSecond").asLong();
            long set = status.path("settings").path("rowsPerSecond").asLong(effective);
            String setting = set == 0 ? "no limit" : count(set);
            String limit;
            if (status.path("throttledBecause").isTextual()) {
                limit = status.path("throttledBecause").asText() + " (set " + setting + ")";
            } else if (effective == 0 && set == 0) {
                limit = "no rate limit";
            } else {
                limit = "limit " + count(effective) + " rows/s"
                        + (set != effective ? " (set " + setting + ", slowed while the checker lags)" : "");
            }
            line(out, "rate", limit + (status.path("owner").isTextual() ? ", run by " + status.path("owner").asText() : ""));
        }
        long liveOnlyInLegacy = status.path("liveOnlyInLegacy").asLong();
        if (liveOnlyInLegacy > 0) {
            line(out, "legacy", count(liveOnlyInLegacy) + " live tokens only in legacy (expiring within the horizon, not"
                    + " copied); the last expires " + seconds(text(status.path("lastLegacyOnlyExpiry"))));
        }
        if (status.path("error").isTextual()) {
            line(out, "error", status.path("error").asText());
        }
        return out.toString();
    }

    /** {@code verify status}: the progress line, then the verdict. */
    public static String verification(JsonNode status) {
        return verificationProgress(status) + "\n" + verdict(status);
    }

    /** One line: run, state, bar, chunks, rows compared, rate, differences so far. */
    public static String verificationProgress(JsonNode status) {
        int done = status.path("chunksDone").asInt();
        int total = status.path("chunksTotal").asInt();
        Integer percent = total <= 0 ? null : Integer.valueOf((int) Math.min(100, done * 100L / total));
        return String.format(Locale.ROOT, "verify    run %s %s %s %s  chunks %d of %d, %s rows compared, %s rows/s, %s differences",
                text(status.path("runId")), text(status.path("state")), bar(percent), percent(percent), done, total,
                count(status.path("rowsCompared").asLong()), count(status.path("rowsPerSecond").asLong()),
                count(status.path("differences").asLong()));
    }

    /** What the run says about the stores, with its phase and whether it still counts for the guards. */
    public static String verdict(JsonNode status) {
        String run = "run " + text(status.path("runId")) + " in " + text(status.path("phase"));
        String state = text(status.path("state"));
        String line = switch (state) {
            case "DONE" -> {
                long differences = status.path("differences").asLong();
                String freshness = status.path("fresh").asBoolean(false)
                        ? "fresh (max age " + age(status.path("maxAge")) + ")"
                        : "STALE (older than " + age(status.path("maxAge")) + " or from another phase): ./tandem verify runs a new one";
                yield (differences == 0 ? "the stores AGREE" : "the stores DIFFER: " + count(differences) + " differences")
                        + " over " + count(status.path("rowsCompared").asLong()) + " token ids, " + run
                        + " finished " + seconds(text(status.path("finishedAt"))) + "; " + freshness;
            }
            case "FAILED" -> run + " FAILED: " + text(status.path("error"));
            case "RUNNING" -> status.path("active").asBoolean(true)
                    ? "no verdict yet: " + run + " is running; ./tandem verify status --wait follows it"
                    : "no verdict: " + run + " stopped unfinished (no process works on it); ./tandem verify resumes it";
            default -> run + " is " + state;
        };
        StringBuilder out = new StringBuilder();
        line(out, "verdict", line);
        return out.toString();
    }

    /**
     * The first {@value #DIFFERENCES_SHOWN} differences of a report: id prefix, kind, fields; then how to get
     * every one of them.
     */
    public static String differences(JsonNode report) {
        JsonNode items = report.path("items");
        if (!items.isArray() || items.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "FIELDS"});
        for (int i = 0; i < Math.min(DIFFERENCES_SHOWN, items.size()); i++) {
            JsonNode item = items.get(i);
            List<String> fields = new ArrayList<>();
            item.path("fields").forEach(field -> fields.add(field.asText()));
            String id = text(item.path("id"));
            rows.add(new String[] {id.length() > ID_PREFIX ? id.substring(0, ID_PREFIX) : id, text(item.path("kind")),
                    fields.isEmpty() ? "-" : String.join(",", fields)});
        }
        long total = Math.max(items.size(), report.path("differences").asLong());
        return HumanOutput.table(rows) + "showing " + Math.min(DIFFERENCES_SHOWN, items.size()) + " of " + count(total)
                + " differences; every one with both stores' records: ./tandem verify status --wait -o json\n";
    }

    /** {@code [#########...........]}; dots alone when the share is unknown. */
    static String bar(Integer percent) {
        int filled = percent == null ? 0 : percent * BAR_WIDTH / 100;
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String percent(Integer percent) {
        return percent == null ? "  ?%" : String.format(Locale.ROOT, "%3d%%", percent);
    }

    /** Counts with thousands separators: 1,234,567 reads at a glance, 1234567 does not. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
    }

    // The API sends java.time.Duration's ISO form (PT24H); people read 24h.
    private static String age(JsonNode maxAge) {
        try {
            return duration(Duration.parse(maxAge.asText()).toSeconds());
        } catch (DateTimeParseException e) {
            return text(maxAge);
        }
    }
}
