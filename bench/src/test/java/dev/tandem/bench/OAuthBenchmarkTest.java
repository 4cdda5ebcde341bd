package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthBenchmarkTest {

    /** {@code count} requests of {@code millis} each over ten seconds. */
    private static WriteLoad.Result result(long count, long millis, long errors, String firstError) {
        Histogram latencies = new Histogram(WriteLoad.HIGHEST_MICROS, 3);
        latencies.recordValueWithCount(millis * 1000, count);
        return new WriteLoad.Result(latencies, count, errors, Duration.ofSeconds(10), firstError);
    }

    private static OAuthComparison comparison() {
        return new OAuthComparison(new OAuthLoad.Result(result(1000, 20, 0, null), result(2000, 10, 0, null)),
                new OAuthLoad.Result(result(800, 25, 1, "refresh: HTTP 503 temporarily_unavailable"), result(1600, 12, 0, null)),
                16, 10);
    }

    @Test
    void theTableShowsBothPhasesSideBySideWithTheRatioAndNoTarget() {
        String table = comparison().table();
        assertThat(table).contains("OAuth benchmark: 16 clients, 10 s per phase")
                .containsPattern("code flow p50 \\(ms\\) +20\\.\\d+ +25\\.\\d+ +1\\.2\\dx")
                .containsPattern("code flows per second +100\\.00 +80\\.00 +0\\.80x")
                .containsPattern("refreshes per second +200\\.00 +160\\.00 +0\\.80x")
                .containsPattern("refresh p99 \\(ms\\) +10\\.\\d+ +12\\.\\d+")
                .contains("first error in DUAL_WRITE: refresh: HTTP 503 temporarily_unavailable")
                .doesNotContain("target").doesNotContain("MISSED");
    }

    @Test
    void theJsonCarriesTheFiguresAndRatiosOfBothKinds() throws Exception {
        JsonNode json = new ObjectMapper().readTree(comparison().json());
        assertThat(json.path("clients").asInt()).isEqualTo(16);
        assertThat(json.path("legacyOnly").path("codeFlows").path("perSecond").asDouble()).isEqualTo(100.0);
        assertThat(json.path("dualWrite").path("refreshes").path("count").asLong()).isEqualTo(1600);
        assertThat(json.path("dualWrite").path("codeFlows").path("errors").asLong()).isEqualTo(1);
        assertThat(json.path("ratios").path("codeFlows").path("perSecond").asDouble()).isEqualTo(0.8);
        assertThat(json.path("ratios").path("refreshes").has("p99")).isTrue();
        assertThat(json.has("targets")).isFalse();
    }

    @Test
    void itTakesTheLoadOptionsAndRefusesBadOnesAsUsage(@TempDir Path state) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Bench.run(new String[]{"oauth", "--state-dir", state.toString(), "--clients", "0"},
                Map.of(BenchOptions.TOKEN_ENV, "t"), new PrintStream(new ByteArrayOutputStream()), stderr);
        assertThat(status).isEqualTo(WriteBenchmark.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid --clients '0' (valid: a whole number from 1 to 1024)");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Bench.run(new String[]{"oauth", "--help"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                stderr)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("code flows with PKCE").contains("--clients")
                .contains("--seconds").contains("--warmup-seconds");
    }
}
