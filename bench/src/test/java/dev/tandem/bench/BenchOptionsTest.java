package dev.tandem.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {
    private static final Map<String, String> TOKEN = Map.of(BenchOptions.TOKEN_ENV, "t");


    @Test
    void defaultsComeFromTheLocalStack(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve("endpoints.env"), "LEGACY_PORT=33306\nORCHESTRATOR_URL=http://127.0.0.1:8080\n"
                + "ORCHESTRATOR_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081\n");
        Files.writeString(state.resolve("admin-token"), "operator-token\n");
        BenchOptions options = BenchOptions.parse(new String[]{"--state-dir", state.toString()}, Map.of());
        assertThat(options.urls()).containsExactly(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081"));
        assertThat(options.adminToken()).isEqualTo("operator-token");
        assertThat(options.clients()).isEqualTo(BenchOptions.DEFAULT_CLIENTS);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(BenchOptions.DEFAULT_SECONDS));
        assertThat(options.json()).isFalse();
    }

    @Test
    void argumentsWinOverTheDefaults(@TempDir Path state) throws Exception {
        BenchOptions options = BenchOptions.parse(new String[]{"--state-dir", state.toString(), "--url", "http://h:1/",
                "--clients", "4", "--seconds", "3", "--warmup-seconds", "0", "-o", "json"}, TOKEN);
        assertThat(options.urls()).isEqualTo(List.of(URI.create("http://h:1")));
        assertThat(options.clients()).isEqualTo(4);
        assertThat(options.warmup()).isZero();
        assertThat(options.json()).isTrue();
    }

    @Test
    void badArgumentsNameTheValueAndWhatIsValid(@TempDir Path state) {
        String dir = state.toString();
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--state-dir", dir, "--clients", "0"}, TOKEN))
                .hasMessage("invalid --clients '0' (valid: a whole number from 1 to 1024)");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--state-dir", dir, "--url", "ftp://x"}, TOKEN))
                .hasMessageContaining("valid: http://host:port");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--state-dir", dir, "-o", "yaml"}, TOKEN))
                .hasMessage("invalid --output 'yaml' (valid: text, json)");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--state-dir", dir}, Map.of()))
                .hasMessageContaining("no admin token");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--state-dir", dir, "--admin-token", "t"}, Map.of()))
                .hasMessage("--admin-token is not taken (every user of this host could read it in the process list):"
                        + " set TANDEM_ADMIN_TOKEN in the environment instead");
    }

    @Test
    void usageErrorsExitWith2() throws IOException {
        assertThat(Bench.run("writes", "--bogus")).isEqualTo(WriteBenchmark.EXIT_USAGE);
        assertThat(Bench.run("nonesuch")).isEqualTo(WriteBenchmark.EXIT_USAGE);
        assertThat(Bench.run()).isEqualTo(WriteBenchmark.EXIT_USAGE);
    }

    @Test
    void theCheckerBenchmarkHasItsOwnDefaults(@TempDir Path state) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = Bench.run(new String[]{"checker", "--help"}, Map.of(), new java.io.PrintStream(out, true), System.err);
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("1 to 3600 (default 60)", "1 to 1024 (default 256)");
    }
}
