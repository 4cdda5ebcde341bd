package dev.tandem.orchestrator.checker;

import java.time.Duration;

/** Durations as operators write them: {@code 40s}, {@code 6m12s}, {@code 2h5m}. */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (rest > 0 ? rest + "s" : "");
        }
        return rest + "s";
    }

    /** Milliseconds as seconds with one decimal: {@code 0.1s}. */
    public static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
