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

        Map<String, Double> samples = CheckerLagBenchmark.parse(page);

        assertThat(samples).containsEntry("tandem_checker_verdict_latency_seconds{quantile=\"0.99\",store=\"engine\"}", 0.045)
                .containsEntry("tandem_checker_verdict_latency_seconds{store=\"legacy\",quantile=\"0.5\"}", 0.5)
                .containsEntry("tandem_checker_pending_keys", 3.0)
                .hasSize(3);
    }

    @Test
    void refusesAnUnreadableRate() {
        assertThat(CheckerLagBenchmark.run(new String[]{"--rate", "fast", "--admin-token", "x"}))
                .isEqualTo(WriteBenchmark.EXIT_USAGE);
    }
}
