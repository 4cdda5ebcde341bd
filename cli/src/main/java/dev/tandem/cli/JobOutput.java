package dev.tandem.cli;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationReport;
import dev.tandem.admin.view.VerificationStatus;

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
    /** Marks a client's row in the differences: {@code client:ID}. */
    static final String CLIENT_PREFIX = "client:";

    private JobOutput() {
    }

    /** {@code backfill status}, and the answer to its actions: the progress line, then what needs attention. */
    public static String backfill(BackfillStatus status) {
        if (status.state() == null) {
            return "backfill  never started: ./tandem backfill start --reason TEXT copies legacy's tokens"
                    + " (in DUAL_WRITE or later)\n";
        }
        return backfillProgress(status) + "\n" + backfillDetails(status);
    }

    /**
     * One line: state, bar, rows scanned of the estimated total, copied, skipped by cause, and while
     * running the rate and ETA.
     */
    public static String backfillProgress(BackfillStatus status) {
        String state = text(status.state());
        long scanned = status.rowsScanned();
        long total = status.estimatedTotalRows();
        // The total is the server's estimate (InnoDB statistics), which a live table outgrows: never
        // claim 100% before the job says DONE.
        Integer percent = state.equals("DONE") ? Integer.valueOf(100)
                : total <= 0 ? null : Integer.valueOf((int) Math.min(99, scanned * 100 / total));
        long expired = status.rowsSkippedExpired();
        long expiring = status.rowsSkippedExpiring();
        long newer = status.rowsSkippedNewerInEngine();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "backfill  %s %s %s  %s of %s rows scanned;"
                        + " copied %s, skipped %s (%s expired, %s expiring%s)", state, bar(percent), percent(percent),
                count(scanned), total > 0 ? "~" + count(total) : "?", count(status.rowsCopied()),
                count(expired + expiring + newer), count(expired), count(expiring),
                newer > 0 ? ", " + count(newer) + " already in the engine" : ""));
        if (state.equals("RUNNING")) {
            out.append("; ").append(count(Math.round(status.rowsPerSecond()))).append(" rows/s; ETA ")
                    .append(status.etaSeconds() != null ? duration(status.etaSeconds()) : "?");
        }
        return out.toString();
    }

    /**
     * The lines under the progress line: the rate limit (and why the checker's lag holds it below the
     * setting), live tokens only legacy holds, the error.
     */
    public static String backfillDetails(BackfillStatus status) {
        StringBuilder out = new StringBuilder();
        if ("RUNNING".equals(status.state())) {
            long effective = status.effectiveRowsPerSecond();
            long set = status.settings() == null || status.settings().rowsPerSecond() == null ? effective
                    : status.settings().rowsPerSecond();
            String setting = set == 0 ? "no limit" : count(set);
            String limit;
            if (status.throttledBecause() != null) {
                limit = status.throttledBecause() + " (set " + setting + ")";
            } else if (effective == 0 && set == 0) {
                limit = "no rate limit";
            } else {
                limit = "limit " + count(effective) + " rows/s"
                        + (set != effective ? " (set " + setting + ", slowed while the checker lags)" : "");
            }
            line(out, "rate", limit + (status.owner() != null ? ", run by " + status.owner() : ""));
        }
        long liveOnlyInLegacy = status.liveOnlyInLegacy();
        if (liveOnlyInLegacy > 0) {
            line(out, "legacy", count(liveOnlyInLegacy) + " live tokens only in legacy (expiring within the horizon, not"
                    + " copied); the last expires " + seconds(text(status.lastLegacyOnlyExpiry())));
        }
        if (status.error() != null) {
            line(out, "error", status.error());
        }
        return out.toString();
    }

    /** {@code verify status}: the progress line, then the verdict. */
    public static String verification(VerificationStatus status) {
        return verificationProgress(status) + "\n" + verdict(status);
    }

    /** One line: run, state, bar, chunks, rows compared, rate, differences so far. */
    public static String verificationProgress(VerificationStatus status) {
        int done = status.chunksDone();
        int total = status.chunksTotal();
        Integer percent = total <= 0 ? null : Integer.valueOf((int) Math.min(100, done * 100L / total));
        return String.format(Locale.ROOT, "verify    run %s %s %s %s  chunks %d of %d, %s rows compared, %s rows/s, %s differences",
                text(status.runId()), text(status.state()), bar(percent), percent(percent), done, total,
                count(status.rowsCompared()), count(status.rowsPerSecond()),
                count(status.differences()));
    }

    /** What the run says about the stores, with its phase and whether it still counts for the guards. */
    public static String verdict(VerificationStatus status) {
        String run = "run " + text(status.runId()) + " in " + text(status.phase());
        String state = text(status.state());
        String line = switch (state) {
            case "DONE" -> {
                long differences = status.differences();
                String freshness = Boolean.TRUE.equals(status.fresh())
                        ? "fresh (max age " + age(status.maxAge()) + ")"
                        : "STALE (older than " + age(status.maxAge()) + " or from another phase): ./tandem verify runs a new one";
                yield (differences == 0 ? "the stores AGREE" : "the stores DIFFER: " + count(differences) + " differences")
                        + " over " + count(status.rowsCompared()) + " token ids, " + run
                        + " finished " + seconds(text(status.finishedAt())) + "; " + freshness;
            }
            case "FAILED" -> run + " FAILED: " + text(status.error());
            case "RUNNING" -> !Boolean.FALSE.equals(status.active())
                    ? "no verdict yet: " + run + " is running; ./tandem verify status --wait follows it"
                    : "no verdict: " + run + " stopped unfinished (no process works on it); ./tandem verify resumes it";
            default -> run + " is " + state;
        };
        StringBuilder out = new StringBuilder();
        line(out, "verdict", line);
        return out.toString();
    }

    /**
     * The first {@value #DIFFERENCES_SHOWN} differences of a report: token id prefix or {@code client:} and the
     * client_id, kind, fields; then how to get
     * every one of them.
     */
    public static String differences(VerificationReport report) {
        List<VerificationReport.Difference> items = report.items();
        if (items.isEmpty()) {
            return "";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "KIND", "FIELDS"});
        for (int i = 0; i < Math.min(DIFFERENCES_SHOWN, items.size()); i++) {
            VerificationReport.Difference item = items.get(i);
            List<String> fields = item.fields();
            String id = text(item.id());
            // A client_id is what `./tandem apps show` takes, so it is shown whole, and marked: the
            // ids of both entities share the column.
            String shown = VerificationReport.Difference.CLIENT.equals(item.entity()) ? CLIENT_PREFIX + id
                    : id.length() > ID_PREFIX ? id.substring(0, ID_PREFIX) : id;
            rows.add(new String[] {shown, text(item.kind()),
                    fields.isEmpty() ? "-" : String.join(",", fields)});
        }
        long total = Math.max(items.size(), report.differences());
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
    private static String age(String maxAge) {
        if (maxAge == null) {
            return text(null);
        }
        try {
            return duration(Duration.parse(maxAge).toSeconds());
        } catch (DateTimeParseException e) {
            return text(maxAge);
        }
    }
}
