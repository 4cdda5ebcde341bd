package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean time of one successful upsert in each store over a run, from the orchestrators' own
 * {@code tandem_store_operation_seconds}. In {@code DUAL_WRITE} the mirror write waits for the
 * primary's, so the smaller of the two is the most that overlapping them could take off a write
 * (design note 0004).
 */
record StoreTimes(double legacyMillis, double engineMillis) {
    private static final String SECONDS = "tandem_store_operation_seconds";
    /** Where {@code tandem up} puts an orchestrator's management interface: its API port plus 1000. */
    private static final int MANAGEMENT_PORT_OFFSET = 1000;

    /** At most what overlapping the mirror write with the primary's could save per write. */
    double overlapSavingMillis() {
        return Math.min(legacyMillis, engineMillis);
    }

    /** Every orchestrator's upsert counters, added up. */
    static Map<String, Double> scrape(HttpClient http, List<URI> orchestrators) throws IOException, InterruptedException {
        Map<String, Double> total = new HashMap<>();
        for (URI api : orchestrators) {
            Map<String, Double> page = PrometheusPage.scrape(http, metrics(api));
            for (String store : List.of("legacy", "engine")) {
                for (String suffix : List.of("_sum", "_count")) {
                    total.merge(store + suffix, PrometheusPage.sum(page, SECONDS + suffix, "operation=\"upsert\"",
                            "outcome=\"success\"", "store=\"" + store + "\""), Double::sum);
                }
            }
        }
        return total;
    }

    static StoreTimes between(Map<String, Double> before, Map<String, Double> after) {
        return new StoreTimes(meanMillis("legacy", before, after), meanMillis("engine", before, after));
    }

    private static double meanMillis(String store, Map<String, Double> before, Map<String, Double> after) {
        double calls = after.get(store + "_count") - before.get(store + "_count");
        return calls == 0 ? 0 : 1000 * (after.get(store + "_sum") - before.get(store + "_sum")) / calls;
    }

    static URI metrics(URI api) {
        return URI.create("http://" + api.getHost() + ":" + (api.getPort() + MANAGEMENT_PORT_OFFSET) + "/q/metrics");
    }
}
