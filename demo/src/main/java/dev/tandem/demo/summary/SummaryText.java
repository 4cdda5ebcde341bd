package dev.tandem.demo.summary;

import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.Operation;
import dev.tandem.demo.workload.WorkloadStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.tandem.demo.walk.Lines.count;
import static dev.tandem.demo.walk.Lines.duration;

/** The summary for people: a few aligned sections, the verdict last. */
public final class SummaryText {
    private SummaryText() {
    }

    /** {@code invalid_grant 12, invalid_client 1}, or {@code none}. */
    static String codes(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((code, n) -> parts.add(code + " " + count(n)));
        return String.join(", ", parts);
    }

    public static String render(Summary summary) {
        StringBuilder out = new StringBuilder();
        out.append("\n== Tandem demo summary (").append(duration(summary.total())).append(") ==\n\n");

        WorkloadStats.Snapshot workload = summary.workload();
        out.append("Requests            served     failed\n");
        for (Map.Entry<Operation, WorkloadStats.Counts> entry : workload.operations().entrySet()) {
            out.append(String.format(Locale.ROOT, "  %-16s %9s %10s%n", entry.getKey().label(),
                    count(entry.getValue().served()), count(entry.getValue().failed())));
        }
        out.append(String.format(Locale.ROOT, "  %-16s %9s %10s%n", "total", count(workload.served()), count(workload.failed())));
        for (Map.Entry<Operation, WorkloadStats.Counts> entry : workload.operations().entrySet()) {
            for (String reason : entry.getValue().firstFailures()) {
                out.append("  ! ").append(entry.getKey().label()).append(": ").append(reason).append('\n');
            }
        }
        if (!workload.failedByPhase().isEmpty()) {
            out.append("  failed by phase: ").append(workload.failedByPhase()).append('\n');
        }

        out.append("\nOAuth errors by code\n");
        out.append("  expected:   ").append(codes(workload.expectedErrors()));
        if (!workload.expectedErrors().isEmpty()) {
            out.append("  (replayed rotated or revoked refresh tokens, refused as they must be)");
        }
        out.append('\n');
        out.append("  unexpected: ").append(codes(workload.unexpectedErrors())).append('\n');

        out.append("\nTime in each phase\n");
        summary.phases().forEach((phase, spent) ->
                out.append(String.format(Locale.ROOT, "  %-16s %9s%n", phase, duration(spent))));
        if (!summary.rampSteps().isEmpty()) {
            out.append("  cutover steps seen: ").append(String.join(" -> ", summary.rampSteps())).append('\n');
        }

        out.append("\nBackfill\n");
        if (summary.backfill() == null) {
            out.append("  did not finish\n");
        } else {
            out.append("  ").append(count(summary.backfill().rowsCopied())).append(" rows copied of ")
                    .append(count(summary.backfill().rowsScanned())).append(" scanned (legacy seeded with ")
                    .append(count(summary.seededTokens())).append("), ")
                    .append(count(summary.backfill().rowsSkippedExpiring())).append(" skipped as expiring\n");
            // The status's rate is over its last seconds: 0 once the job is done, so it is shown only while it says something.
            List<String> rates = new ArrayList<>();
            Double wall = summary.backfillWallRate();
            if (wall != null) {
                rates.add(count(Math.round(wall)) + " rows/s over " + duration(summary.backfillTime()) + " of wall time");
            }
            if (summary.backfill().rowsPerSecond() > 0) {
                rates.add(count(Math.round(summary.backfill().rowsPerSecond())) + " rows/s recently (status)");
            }
            out.append("  rate: ").append(rates.isEmpty() ? "unknown" : String.join(", ", rates)).append('\n');
        }

        out.append("\nVerification\n");
        if (summary.verifications().isEmpty()) {
            out.append("  none finished\n");
        }
        for (VerificationStatus run : summary.verifications()) {
            out.append(String.format(Locale.ROOT, "  run %-6s in %-13s %10s rows %9s rows/s  %s%n", run.runId(),
                    run.phase() == null ? "?" : run.phase(), count(run.rowsCompared()), count(run.rowsPerSecond()),
                    run.clean() ? "clean" : count(run.differences()) + " differences"));
        }

        out.append("\nDivergence\n");
        out.append("  settled now: ").append(summary.settled() == null ? "not available" : summary.settled()).append('\n');
        if (summary.settled() != null) {
            // Minor is not a fault: the backfill leaves expired tokens in legacy, and the guards count only the rest.
            out.append("               minor = expired tokens in one store only (the backfill does not copy them),\n"
                    + "               times or PKCE data; the guards hold on critical and major alone\n");
        }
        out.append("  repairs:     ").append(summary.repairs() == null ? "not available" : summary.repairs()).append('\n');
        for (String note : summary.notes()) {
            out.append("  note: ").append(note).append('\n');
        }

        out.append("\nWhere to look\n");
        for (String place : summary.whereToLook()) {
            out.append("  ").append(place).append('\n');
        }

        List<String> why = summary.verdict();
        out.append('\n');
        if (why.isEmpty()) {
            out.append("PASSED: ").append(count(workload.served())).append(" requests, none failed; the migration is in ")
                    .append(summary.finalPhase()).append(" and the last verification is clean.\n");
        } else {
            out.append("FAILED:\n");
            why.forEach(reason -> out.append("  - ").append(reason).append('\n'));
        }
        return out.toString();
    }
}
