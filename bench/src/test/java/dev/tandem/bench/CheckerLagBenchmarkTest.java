package dev.tandem.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckerLagBenchmarkTest {

    @Test
    void readsLabelledAndPlainSamplesOfAPrometheusPage() {
        String page = """
                # HELP tandem_checker_verdict_latency_seconds From a change's source commit to its verdict
                # TYPE tandem_checker_verdict_latency_seconds summary
                tandem_checker_verdict_latency_seconds{quantile="0.99",store="engine"} 0.045
                tandem_checker_verdict_latency_seconds{store="legacy",quantile="0.5",} 0.5
                tandem_checker_pending_keys 3.0
                """;

        Map<String, Double> samples = PrometheusPage.parse(page);

        assertThat(samples).containsEntry("tandem_checker_verdict_latency_seconds{quantile=\"0.99\",store=\"engine\"}", 0.045)
                .containsEntry("tandem_checker_verdict_latency_seconds{store=\"legacy\",quantile=\"0.5\"}", 0.5)
                .containsEntry("tandem_checker_pending_keys", 3.0)
                .hasSize(3);
    }

    @Test
    void readsQuantilesAsTheBucketBoundOfTheRunsGrowth() {
        Map<String, Double> before = PrometheusPage.parse("""
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="0.05"} 100
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="0.1"} 100
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="+Inf"} 100
                """);
        Map<String, Double> after = PrometheusPage.parse("""
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="0.05"} 160
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="0.1"} 199
                tandem_checker_verdict_latency_seconds_bucket{store="engine",le="+Inf"} 200
                """);

        assertThat(CheckerLagBenchmark.millis(before, after, "engine", 0.5)).isEqualTo(50.0);
        assertThat(CheckerLagBenchmark.millis(before, after, "engine", 0.99)).isEqualTo(100.0);
        assertThat(CheckerLagBenchmark.millis(before, after, "legacy", 0.5)).isNaN();
    }

    @Test
    void refusesAnUnreadableRate() {
        assertThat(Bench.run("checker", "--rate", "fast"))
                .isEqualTo(WriteBenchmark.EXIT_USAGE);
    }
}
