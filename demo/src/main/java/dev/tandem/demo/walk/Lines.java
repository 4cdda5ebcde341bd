package dev.tandem.demo.walk;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.WorkloadStats;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** The progress lines the demo prints, as pure functions of the status they describe. */
public final class Lines {
    private Lines() {
    }

    public static String backfill(BackfillStatus view) {
        StringBuilder line = new StringBuilder(Objects.requireNonNullElse(view.state(), "NOT_STARTED")).append("  ").append(count(view.rowsScanned())).append(" of ~")
                .append(count(view.estimatedTotalRows())).append(" rows scanned");
        if (view.estimatedTotalRows() > 0) {
            line.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, view.rowsScanned() * 100 / view.estimatedTotalRows())));
        }
        line.append(", ").append(count(view.rowsCopied())).append(" copied, ")
                .append(count(view.rowsSkippedExpiring())).append(" skipped (expiring)  ")
                .append(count(Math.round(view.rowsPerSecond()))).append(" rows/s");
        if (view.etaSeconds() != null && !"DONE".equals(view.state())) {
            line.append("  ETA ").append(duration(Duration.ofSeconds(view.etaSeconds())));
        }
        if (view.throttledBecause() != null) {
            line.append("  (").append(view.throttledBecause()).append(')');
        }
        return line.toString();
    }

    public static String verification(VerificationStatus view) {
        StringBuilder line = new StringBuilder("run ").append(view.runId()).append(" ").append(view.state()).append("  ")
                .append(view.chunksDone()).append('/').append(view.chunksTotal()).append(" chunks, ")
                .append(count(view.rowsCompared())).append(" rows compared  ")
                .append(count(view.rowsPerSecond())).append(" rows/s");
        if ("DONE".equals(view.state())) {
            line.append(view.clean() ? "  clean" : "  " + count(view.differences()) + " DIFFERENCES");
        }
        return line.toString();
    }

    public static String workload(WorkloadStats.Snapshot snapshot) {
        return count(snapshot.served()) + " requests served, " + count(snapshot.failed()) + " failed";
    }

    /** 1234567 as {@code 1,234,567}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 1m05s}, {@code 42s}, {@code 0.4s}. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
