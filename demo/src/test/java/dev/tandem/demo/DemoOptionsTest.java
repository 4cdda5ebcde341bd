package dev.tandem.demo;

import dev.tandem.commandline.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoOptionsTest {
    @TempDir
    Path state;

    private void stack() throws IOException {
        Files.writeString(state.resolve("admin-token"), "op-token-123\n");
        Files.writeString(state.resolve("endpoints.env"), "LEGACY_PORT=33306\nORCHESTRATOR_URL=http://127.0.0.1:8080\n"
                + "ORCHESTRATOR_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081\n");
    }

    private DemoOptions parse(String... args) throws UsageException {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = state.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return DemoOptions.parse(all, Map.of());
    }

    /** Runs the main's entry point; answers exit code and stderr. */
    private Map.Entry<Integer, String> run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Demo.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Map.entry(code, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaults_come_from_the_stack_state() throws Exception {
        stack();
        DemoOptions options = parse();
        assertThat(options.urls()).containsExactly(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081"));
        assertThat(options.adminToken()).isEqualTo("op-token-123");
        assertThat(options.tokens()).isEqualTo(100_000);
        assertThat(options.rate()).isEqualTo(50);
        assertThat(options.json()).isFalse();
        assertThat(options.metricsUrl()).isEqualTo(URI.create("http://127.0.0.1:9080/q/metrics"));
        assertThat(options.toString()).doesNotContain("op-token-123");
    }

    @Test
    void options_are_read_in_both_spellings() throws Exception {
        stack();
        DemoOptions options = parse("--tokens", "5000", "--rate=20", "-o", "json", "--timeout", "120",
                "--drill-seconds", "2", "--url", "http://localhost:9999/");
        assertThat(options.tokens()).isEqualTo(5000);
        assertThat(options.rate()).isEqualTo(20);
        assertThat(options.json()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.drill()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.urls()).containsExactly(URI.create("http://localhost:9999"));
    }

    @Test
    void the_token_comes_from_the_environment_unless_a_file_is_named() throws Exception {
        stack();
        Path other = Files.writeString(state.resolve("other-token"), "from-file\n");
        assertThat(DemoOptions.parse(new String[]{"--state-dir", state.toString()}, Map.of("TANDEM_ADMIN_TOKEN", "from-env"))
                .adminToken()).isEqualTo("from-env");
        assertThat(DemoOptions.parse(new String[]{"--state-dir", state.toString(), "--admin-token-file", other.toString()},
                Map.of("TANDEM_ADMIN_TOKEN", "from-env")).adminToken()).isEqualTo("from-file");
    }

    @Test
    void bad_values_name_the_option_the_value_and_what_is_valid() throws Exception {
        stack();
        assertThatThrownBy(() -> parse("--rate", "0")).hasMessage("invalid --rate '0' (valid: a whole number from 1 to 10000)");
        assertThatThrownBy(() -> parse("--tokens", "lots")).hasMessage("invalid --tokens 'lots' (valid: a whole number from 1 to 100000000)");
        assertThatThrownBy(() -> parse("--rate")).hasMessage("option --rate needs a value");
        assertThatThrownBy(() -> parse("--rate", "--tokens", "5")).hasMessage("option --rate needs a value");
        assertThatThrownBy(() -> parse("-o", "yaml")).hasMessage("invalid --output 'yaml' (valid: text, json)");
        assertThatThrownBy(() -> parse("--url", "ftp://x")).hasMessage("invalid --url 'ftp://x' (valid: http://host:port, comma-separated)");
        assertThatThrownBy(() -> parse("--fast")).hasMessage("unknown option '--fast' (valid: --tokens, --rate, --clients,"
                + " --timeout, --warmup-seconds, --drill-seconds, --engine-write-seconds, --url, --state-dir,"
                + " --admin-token-file, --output)");
        assertThatThrownBy(() -> parse("--fast=yes")).hasMessageStartingWith("unknown option '--fast=yes' (valid: --tokens,");
    }

    @Test
    void a_missing_admin_token_is_bad_usage() {
        assertThatThrownBy(() -> parse()).hasMessageStartingWith("no admin token: " + state.resolve("admin-token"));
    }

    @Test
    void bad_usage_exits_2_with_one_line_and_help_exits_0() throws Exception {
        stack();
        Map.Entry<Integer, String> bad = run("--state-dir", state.toString(), "--rate", "-5");
        assertThat(bad.getKey()).isEqualTo(Demo.EXIT_USAGE);
        assertThat(bad.getValue()).isEqualTo("demo: invalid --rate '-5' (valid: a whole number from 1 to 10000)" + System.lineSeparator());
        Map.Entry<Integer, String> range = run("--state-dir", state.toString(), "--clients", "1000");
        assertThat(range.getKey()).isEqualTo(Demo.EXIT_USAGE);
        assertThat(range.getValue()).contains("invalid --clients '1000' (valid: a whole number from 1 to 256)");
        Map.Entry<Integer, String> help = run("--help");
        assertThat(help.getKey()).isZero();
        assertThat(help.getValue()).contains("Usage: Demo", "./tandem demo", "1 to 10000 (default 50)");
    }
}
