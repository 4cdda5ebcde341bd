package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * LEGACY_ONLY and DUAL_WRITE side by side, with the ratios the issue sets as targets: the
 * dual-write p50 latency within {@value #MAX_P50_RATIO}x of LEGACY_ONLY, its throughput at least
 * {@value #MIN_THROUGHPUT_RATIO}x. {@code dualWriteStores}, when known, is each store's mean upsert time
 * in the dual-write run: the bound on what overlapping the mirror write with the primary's would save.
 */
record Comparison(WriteLoad.Result legacyOnly, WriteLoad.Result dualWrite, StoreTimes dualWriteStores, int clients,
                  long seconds) {
    static final double MAX_P50_RATIO = 1.3;
    static final double MIN_THROUGHPUT_RATIO = 0.6;

    double p50Ratio() {
        return dualWrite.percentileMillis(50) / legacyOnly.percentileMillis(50);
    }

    double p99Ratio() {
        return dualWrite.percentileMillis(99) / legacyOnly.percentileMillis(99);
    }

    double throughputRatio() {
        return dualWrite.throughputPerSecond() / legacyOnly.throughputPerSecond();
    }

    boolean targetsMet() {
        return p50Ratio() <= MAX_P50_RATIO && throughputRatio() >= MIN_THROUGHPUT_RATIO;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Write benchmark: %d clients, %d s per phase%n%n", clients, seconds));
        out.append(String.format(Locale.ROOT, "%-22s %12s %12s %9s   %s%n", "", "LEGACY_ONLY", "DUAL_WRITE", "ratio", "target"));
        out.append(row("p50 latency (ms)", legacyOnly.percentileMillis(50), dualWrite.percentileMillis(50), p50Ratio(),
                "<= " + MAX_P50_RATIO + "x " + verdict(p50Ratio() <= MAX_P50_RATIO)));
        out.append(row("p99 latency (ms)", legacyOnly.percentileMillis(99), dualWrite.percentileMillis(99), p99Ratio(), ""));
        out.append(row("throughput (writes/s)", legacyOnly.throughputPerSecond(), dualWrite.throughputPerSecond(),
                throughputRatio(), ">= " + MIN_THROUGHPUT_RATIO + "x " + verdict(throughputRatio() >= MIN_THROUGHPUT_RATIO)));
        out.append(String.format(Locale.ROOT, "%-22s %12d %12d%n", "writes", legacyOnly.writes(), dualWrite.writes()));
        out.append(String.format(Locale.ROOT, "%-22s %12d %12d%n", "errors", legacyOnly.errors(), dualWrite.errors()));
        if (dualWriteStores != null) {
            out.append(String.format(Locale.ROOT, "%nIn DUAL_WRITE a write spent %.2f ms in legacy and %.2f ms in the engine"
                            + " (mean); overlapping the mirror write with the primary's would save at most %.2f ms of it.%n",
                    dualWriteStores.legacyMillis(), dualWriteStores.engineMillis(), dualWriteStores.overlapSavingMillis()));
        }
        out.append(String.format(Locale.ROOT, "%nTargets %s.%n", targetsMet() ? "met" : "NOT met"));
        return out.toString();
    }

    String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("clients", clients).put("secondsPerPhase", seconds);
        root.set("legacyOnly", side(mapper, legacyOnly));
        root.set("dualWrite", side(mapper, dualWrite));
        if (dualWriteStores != null) {
            root.putObject("dualWriteStoreMillis").put("legacy", dualWriteStores.legacyMillis())
                    .put("engine", dualWriteStores.engineMillis()).put("overlapSavingAtMost", dualWriteStores.overlapSavingMillis());
        }
        root.putObject("ratios").put("p50", p50Ratio()).put("p99", p99Ratio()).put("throughput", throughputRatio());
        root.putObject("targets").put("maxP50Ratio", MAX_P50_RATIO).put("minThroughputRatio", MIN_THROUGHPUT_RATIO)
                .put("met", targetsMet());
        return root.toPrettyString();
    }

    private static ObjectNode side(ObjectMapper mapper, WriteLoad.Result result) {
        return mapper.createObjectNode()
                .put("p50Millis", result.percentileMillis(50))
                .put("p99Millis", result.percentileMillis(99))
                .put("throughputPerSecond", result.throughputPerSecond())
                .put("writes", result.writes())
                .put("errors", result.errors());
    }

    private static String row(String name, double legacy, double dual, double ratio, String target) {
        return String.format(Locale.ROOT, "%-22s %12.2f %12.2f %8.2fx   %s%n", name, legacy, dual, ratio, target);
    }

    private static String verdict(boolean met) {
        return met ? "ok" : "MISSED";
    }
}
