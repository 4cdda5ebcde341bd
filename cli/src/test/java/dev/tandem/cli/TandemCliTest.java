package dev.tandem.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes and streams of the CLI, against a stub that answers what the admin API can answer. */
class TandemCliTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String PROBLEM = "application/problem+json";

    @TempDir
    Path stateDir;

    private final Map<String, String> env = new HashMap<>(Map.of(Settings.TOKEN_ENV, TOKEN));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private StubAdminApi api;

    @BeforeEach
    void startStub() throws IOException {
        api = new StubAdminApi();
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    private int run(String... args) {
        return new TandemCli(env, stateDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String[] withUrl(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = api.url().toString();
        return all;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.tandem.cli.CommandLineTest#usageErrors")
    void everyUsageErrorExits2WithOneLineOnStderrAndSendsNothing(String[] args, String message) {
        assertThat(run(args)).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: " + message + System.lineSeparator());
        assertThat(out()).isEmpty();
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void divergenceAsksForTheSeverityAndLimitAndPrintsOneLinePerId() {
        api.answer(200, "application/json", """
                {"settled":{"critical":1,"major":0,"minor":0},"total":1,"shown":1,"reporting":true,
                 "items":[{"tokenId":"%s","kind":"field_mismatch","severity":"critical","fields":["revokedAt"],
                           "legacy":null,"engine":null,"since":"2026-11-27T12:00:00.123Z","detectedAt":"2026-11-27T12:00:01Z"}]}
                """.formatted(TOKEN));

        assertThat(run(withUrl("divergence", "--severity", "critical", "--limit", "5"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> assertThat(seen.path()).isEqualTo("/admin/divergence"));
        assertThat(out()).contains("settled: 1 critical, 0 major, 0 minor; showing 1 of 1")
                .contains(TOKEN.substring(0, 12) + "  field_mismatch  critical  revokedAt  2026-11-27T12:00:00Z")
                .doesNotContain(TOKEN.substring(0, 13));
    }

    @Test
    void repairSendsTheIdsAndExits1WhenOneFailed() {
        String other = "f".repeat(64);
        api.answer(200, "application/json", """
                {"results":[{"tokenId":"%s","outcome":"repaired","detail":"copied"},
                            {"tokenId":"%s","outcome":"failed","detail":"the engine store is down"}]}
                """.formatted(TOKEN, other));

        assertThat(run(withUrl("repair", TOKEN, other))).isEqualTo(ExitCode.REFUSED);
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/admin/repair");
            assertThat(seen.body()).isEqualTo("{\"tokenIds\":[\"" + TOKEN + "\",\"" + other + "\"]}");
        });
        assertThat(out()).contains("repaired").contains("failed    the engine store is down");
    }

    @Test
    void helpExits0OnStdout() {
        assertThat(run("rollback", "--help")).isZero();
        assertThat(out()).startsWith("Usage: ./tandem rollback --reason TEXT").contains("one-command rollback");
        assertThat(err()).isEmpty();
    }

    @Test
    void aMissingTokenIsAUsageErrorNamingWhereOneIsLooked() {
        env.remove(Settings.TOKEN_ENV);

        assertThat(run(withUrl("status"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: no admin token: set TANDEM_ADMIN_TOKEN or put one in "
                + stateDir.resolve("admin-token") + " (./tandem up creates it for the local stack)\n");
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void withoutUrlOrEndpointsTheDefaultUrlOfTheLauncherIsUsed() {
        env.put(Settings.DEFAULT_URL_ENV, api.url().toString());

        assertThat(run("status")).isZero();
        assertThat(api.seen()).hasSize(1);
    }

    @Test
    void aBadUrlInEndpointsEnvIsAUsageErrorNamingTheFile() throws IOException {
        Path file = Files.writeString(stateDir.resolve("endpoints.env"), "ORCHESTRATOR_URLS=http://127.0.0.1:8080,localhost:8081\n");

        assertThat(run("status")).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: invalid ORCHESTRATOR_URLS in " + file + " 'localhost:8081' (valid: an http or"
                + " https URL of an orchestrator, e.g. http://127.0.0.1:8080)\n");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Command.class)
    void everyCommandsHelpNamesItsUsageAndEveryOption(Command command) {
        assertThat(run(command.word(), "--help")).isZero();
        assertThat(out()).startsWith("Usage: " + CommandLine.usage(command));
        command.validOptions().forEach(option -> assertThat(out()).contains(option.synopsis()));
    }

    @Test
    void theTokenFileOfTheStateDirectoryIsSentAsBearer() throws IOException {
        env.remove(Settings.TOKEN_ENV);
        Files.writeString(stateDir.resolve("admin-token"), TOKEN + "\n");

        assertThat(run(withUrl("status"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(seen.path()).isEqualTo("/admin/migration");
        });
    }

    @Test
    void anUnreachableOrchestratorExits2NamingTheUrl() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(run("rollback", "--reason", "x", "--url", "http://127.0.0.1:" + closed)).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).startsWith("tandem: cannot reach the orchestrator at http://127.0.0.1:" + closed)
                .contains("is it running?").hasLineCount(1);
    }

    @Test
    void withoutUrlTheInstancesOfEndpointsEnvAreTriedInOrder() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Files.writeString(stateDir.resolve("endpoints.env"), "LEGACY_HOST=127.0.0.1\nORCHESTRATOR_URL=http://127.0.0.1:"
                + closed + "\nORCHESTRATOR_URLS=http://127.0.0.1:" + closed + "," + api.url() + "\n");
        api.answer(200, "application/json", "{\"applied\":true,\"dryRun\":false,\"from\":{\"phase\":\"DUAL_WRITE\","
                + "\"reads\":{\"flag\":\"engine\",\"rampPercent\":100}},\"to\":{\"phase\":\"DUAL_WRITE\","
                + "\"reads\":{\"flag\":\"legacy\",\"rampPercent\":100}}}");

        assertThat(run("rollback", "--reason", "INC-1")).isZero();
        assertThat(out()).contains("flag engine -> legacy");
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/admin/migration/rollback");
            assertThat(seen.contentType()).isEqualTo("application/json");
            assertThat(seen.body()).isEqualTo("{\"reason\":\"INC-1\",\"dryRun\":false}");
        });
    }

    @Test
    void aRefusedStepExits1AndListsTheFailingGuardsOnStderr() {
        api.answer(409, PROBLEM, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"the step to SHADOW_READ is blocked by 1 guard\","
                + "\"guards\":[{\"name\":\"engine-reachable\",\"ok\":true,\"status\":\"OK\",\"reason\":\"answered in 3 ms\"},"
                + "{\"name\":\"divergence-zero\",\"ok\":false,\"status\":\"UNKNOWN\",\"reason\":\"divergence is not measured yet\"}]}");

        assertThat(run(withUrl("phase", "SHADOW_READ", "--reason", "go"))).isEqualTo(ExitCode.REFUSED);
        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("refused: the step to SHADOW_READ is blocked by 1 guard\n")
                .contains("divergence-zero", "divergence is not measured yet", "--force")
                .doesNotContain("engine-reachable");
        assertThat(api.seen()).singleElement().satisfies(seen ->
                assertThat(seen.body()).isEqualTo("{\"to\":\"SHADOW_READ\",\"reason\":\"go\",\"force\":false,\"dryRun\":false}"));
    }

    @Test
    void aRefusalWithJsonOutputPrintsTheServersBodyOnStdout() {
        api.answer(409, PROBLEM, "{\"status\":409,\"detail\":\"refused\",\"guards\":[]}");

        assertThat(run(withUrl("phase", "SHADOW_READ", "--reason", "go", "-o", "json"))).isEqualTo(ExitCode.REFUSED);
        assertThat(out()).contains("\"detail\" : \"refused\"");
    }

    @Test
    void jsonOutputIsTheServersJson() {
        api.answer(200, "application/json", "{\"entries\":[{\"revision\":1,\"reason\":\"test\"}]}");

        assertThat(run(withUrl("audit", "-o", "json"))).isZero();
        assertThat(out()).isEqualTo("{\n  \"entries\" : [ {\n    \"revision\" : 1,\n    \"reason\" : \"test\"\n  } ]\n}\n");
    }

    @Test
    void anUnknownTokenExits2NamingWhereTheTokenCameFrom() {
        api.answer(401, PROBLEM, "{\"status\":401,\"detail\":\"the admin token is not known\"}");

        assertThat(run(withUrl("status"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: " + api.url() + " rejected the admin token from TANDEM_ADMIN_TOKEN (401):"
                + " the admin token is not known\n");
        assertThat(err()).doesNotContain(TOKEN);
    }

    @Test
    void aViewerTokenOnAChangeExits2WithTheServersReason() {
        api.answer(403, PROBLEM, "{\"status\":403,\"detail\":\"token \\\"ro\\\" has role viewer; POST /admin/migration/rollback"
                + " needs role operator\"}");

        assertThat(run(withUrl("rollback", "--reason", "x"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).contains("(403)", "needs role operator").hasLineCount(1);
    }

    @Test
    void aServerErrorExits2WithTheStatusAndDetail() {
        api.answer(503, PROBLEM, "{\"status\":503,\"detail\":\"the control log did not answer within 10000 ms\"}");

        assertThat(run(withUrl("reads", "engine", "--reason", "x"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: " + api.url() + " answered 503 to PUT /admin/migration/reads:"
                + " the control log did not answer within 10000 ms\n");
    }

    @Test
    void aNonJsonAnswerIsShownAsText() {
        api.answer(502, "text/html", "<html>Bad Gateway</html>");

        assertThat(run(withUrl("status"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).contains("answered 502 to GET /admin/migration: <html>Bad Gateway</html>");
    }

    @Test
    void readsWithoutRampDoesNotSendOne() {
        assertThat(run(withUrl("reads", "auto", "--reason", "back to the phase", "--dry-run"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("PUT");
            assertThat(seen.body()).isEqualTo("{\"flag\":\"auto\",\"reason\":\"back to the phase\",\"dryRun\":true}");
        });
    }
}
