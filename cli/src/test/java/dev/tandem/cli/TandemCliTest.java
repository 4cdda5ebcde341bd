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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tandem.cli.JobOutputTest.BACKFILL_RUNNING;
import static dev.tandem.cli.JobOutputTest.VERIFY_RUNNING;
import static dev.tandem.cli.JobOutputTest.verifyDone;
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

    /** --wait polls without pause; in a log, a clock that stands still prints the first and the last line only. */
    private Follow follow = new Follow(Duration.ZERO, false, Follow.LOG_INTERVAL, () -> 0L);

    private int run(String... args) {
        return new TandemCli(env, stateDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), follow).run(args);
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
    @MethodSource("dev.tandem.cli.UsageTest#usageErrors")
    void everyUsageErrorExits2WithOneLineOnStderrAndSendsNothing(String[] args, String message) {
        assertThat(run(args)).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo(message + System.lineSeparator());
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
    void appsCreateSendsRfc7591NamesAndPrintsTheSecretOnce() {
        api.answer(201, "application/json", """
                {"client_id":"3f9c","client_secret":"s3cr3t-shown-once","client_name":"shop",
                 "redirect_uris":["https://shop.example/cb"],"grant_types":["authorization_code","refresh_token"],
                 "response_types":["code"],"token_endpoint_auth_method":"client_secret_basic","scope":"orders.read",
                 "client_id_issued_at":1796558400,"updated_at":1796558400,"secret_rotating":false}
                """);

        assertThat(run(withUrl("apps", "create", "--name", "shop", "--redirect-uri", "https://shop.example/cb",
                "--confidential", "--scope", "orders.read"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/admin/apps");
            assertThat(seen.body()).isEqualTo("{\"client_name\":\"shop\",\"redirect_uris\":[\"https://shop.example/cb\"],"
                    + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"scope\":\"orders.read\"}");
        });
        assertThat(out()).contains("registered app 3f9c (shop, confidential)")
                .contains("client_secret: s3cr3t-shown-once").contains("shown once");
    }

    @Test
    void keysRotateAsksForTheDelayAndPrintsTheNewKid() {
        api.answer(201, "application/json", """
                {"kid":"k2","alg":"EdDSA","crv":"Ed25519","state":"published","createdAt":"2026-12-06T18:00:00Z",
                 "activatedAt":"2026-12-06T19:00:00Z"}
                """);

        assertThat(run(withUrl("keys", "rotate", "--publish-ahead", "3600"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/admin/signing-keys");
            assertThat(seen.body()).isEqualTo("{\"publish_ahead_seconds\":3600}");
        });
        assertThat(out()).contains("signing key k2 added (published), signing from 2026-12-06T19:00:00Z");
    }

    @Test
    void appsListPrintsOneLinePerAppWithoutSecrets() {
        api.answer(200, "application/json", """
                {"apps":[{"client_id":"a1","client_name":"spa","redirect_uris":["http://127.0.0.1:5173/cb"],
                          "token_endpoint_auth_method":"none","scope":""},
                         {"client_id":"b2","client_name":"shop","redirect_uris":["https://shop.example/cb"],
                          "token_endpoint_auth_method":"client_secret_basic","scope":"orders.read","secret_rotating":true}]}
                """);

        assertThat(run(withUrl("apps", "list"))).isZero();
        assertThat(api.seen()).singleElement().satisfies(seen -> assertThat(seen.path()).isEqualTo("/admin/apps"));
        assertThat(out()).contains("a1         spa   public                  http://127.0.0.1:5173/cb")
                .contains("b2         shop  confidential, rotating  https://shop.example/cb   orders.read")
                .doesNotContain("client_secret");
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
        assertThat(out()).startsWith("Usage: ./tandem rollback [-h] [--reason=TEXT] [--dry-run]").contains("one-command rollback");
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
    @org.junit.jupiter.params.provider.ValueSource(strings = {"status", "phase", "reads", "rollback", "cutover", "audit",
            "divergence", "checker", "repair", "backfill", "verify"})
    void everyCommandsHelpNamesItsUsageAndEveryOption(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out()).startsWith("Usage: ./tandem " + command + " [-h]")
                .contains("--url=URL", "-o, --output=human|json", "-h, --help", "Exit codes", Settings.TOKEN_ENV);
        assertThat(api.seen()).isEmpty();
    }

    @Test
    void theGeneralHelpListsEveryCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: ./tandem [-h] <command>")
                .contains("  rollback    send every read back to legacy now", "  verify      compare both stores", "Exit codes:");
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

    // ---- backfill and verify ---------------------------------------------------------------------

    private static StubAdminApi.Answer ok(String json) {
        return new StubAdminApi.Answer(200, "application/json", json.replace('\'', '"'));
    }

    private static String backfill(String state) {
        return BACKFILL_RUNNING.replace("'RUNNING'", "'" + state + "'");
    }

    @Test
    void backfillStartWaitFollowsTheJobUntilDoneAndExits0() {
        api.answer(ok(backfill("RUNNING")), ok(backfill("RUNNING").replace("450000", "900000")), ok(backfill("DONE")));

        assertThat(run(withUrl("backfill", "start", "--rate", "20000", "--reason", "CHG-42", "--wait"))).isZero();
        assertThat(api.seen()).extracting(StubAdminApi.Seen::method).containsExactly("POST", "GET", "GET");
        assertThat(api.seen().get(0).body()).isEqualTo("{\"action\":\"start\",\"rowsPerSecond\":20000,\"reason\":\"CHG-42\"}");
        // Not a terminal and the clock stands still: the first line, then the last; nothing in between.
        assertThat(out().lines()).hasSize(2);
        assertThat(out()).startsWith("backfill  RUNNING [#########...........]  45%").contains("\nbackfill  DONE [####################] 100%")
                .doesNotContain("900,000").doesNotContain("\r");
        assertThat(err()).isEmpty();
    }

    @Test
    void inALogAProgressLineIsWrittenOnlyEveryFewSeconds() {
        AtomicLong now = new AtomicLong();
        follow = new Follow(Duration.ZERO, false, Duration.ofSeconds(5), () -> now.getAndAdd(Duration.ofSeconds(3).toNanos()));
        api.answer(ok(backfill("RUNNING")), ok(backfill("RUNNING")), ok(backfill("RUNNING")), ok(backfill("RUNNING")), ok(backfill("DONE")));

        assertThat(run(withUrl("backfill", "status", "--wait"))).isZero();
        // Asked at 0, 3, 6 and 9 s: lines at 0 and 6 s, then the final one.
        assertThat(out().lines().filter(line -> line.startsWith("backfill  RUNNING"))).hasSize(2);
        assertThat(out().lines().filter(line -> line.startsWith("backfill  DONE"))).hasSize(1);
    }

    @Test
    void onATerminalTheProgressLineIsRedrawnInPlace() {
        follow = new Follow(Duration.ZERO, true, Follow.LOG_INTERVAL, () -> 0L);
        api.answer(ok(backfill("RUNNING")), ok(backfill("RUNNING").replace("'etaSeconds':11", "'etaSeconds':2")), ok(backfill("DONE")));

        assertThat(run(withUrl("backfill", "resume", "--reason", "after INC-7", "--wait"))).isZero();
        assertThat(out()).startsWith("\rbackfill  RUNNING").contains("ETA 11s\rbackfill  RUNNING").contains("ETA 2s \rbackfill  DONE")
                .doesNotContain("ETA 11s\n");
        assertThat(out().chars().filter(c -> c == '\n')).as("one line, ended once the job is").hasSize(1);
    }

    @Test
    void aBackfillThatFailsWhileFollowedExits1WithItsError() {
        api.answer(ok(backfill("RUNNING")), ok(backfill("FAILED").replace("'error':null", "'error':'the engine refused connections'")));

        assertThat(run(withUrl("backfill", "status", "--wait"))).isEqualTo(ExitCode.REFUSED);
        assertThat(out()).contains("backfill  FAILED").endsWith("error     the engine refused connections\n");
    }

    @Test
    void aBackfillPausedWhileFollowedExits1AndWithoutWaitAPauseExits0() {
        api.answer(ok(backfill("PAUSED")));

        assertThat(run(withUrl("backfill", "status", "--wait"))).isEqualTo(ExitCode.REFUSED);
        assertThat(run(withUrl("backfill", "pause", "--reason", "INC-7"))).isZero();
        assertThat(out()).contains("backfill  PAUSED");
    }

    @Test
    void aRefusedBackfillExits1WithTheOrchestratorsReasonOnStderr() {
        api.answer(409, PROBLEM, "{\"status\":409,\"title\":\"Change refused\",\"detail\":\"the backfill copies what legacy held"
                + " before the dual write began; start it in DUAL_WRITE or later, with the mirror on (the phase is LEGACY_ONLY)\"}");

        assertThat(run(withUrl("backfill", "start", "--reason", "too early", "--wait"))).isEqualTo(ExitCode.REFUSED);
        assertThat(api.seen()).hasSize(1);
        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("refused: the backfill copies").contains("(the phase is LEGACY_ONLY)");
    }

    @Test
    void backfillStatusWithJsonPrintsTheOrchestratorsStatusAndAFailedOneExits1() {
        api.answer(ok(backfill("FAILED")));

        assertThat(run(withUrl("backfill", "status", "-o", "json"))).isEqualTo(ExitCode.REFUSED);
        assertThat(out()).startsWith("{\n  \"state\" : \"FAILED\",").contains("\"rowsScanned\" : 450000");
    }

    @Test
    void verifyStartsARunPrintsItsIdAndExits0() {
        api.answer(new StubAdminApi.Answer(202, "application/json", VERIFY_RUNNING.replace('\'', '"')));

        assertThat(run(withUrl("verify"))).isZero();
        assertThat(out()).isEqualTo("verification run 7 started in DUAL_WRITE, 64 chunks; ./tandem verify status --wait follows it\n");
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.method()).isEqualTo("POST");
            assertThat(seen.path()).isEqualTo("/admin/verification");
            assertThat(seen.body()).isEqualTo("{\"reason\":\"requested with ./tandem verify\"}");
        });
    }

    @Test
    void verifyWaitFollowsTheRunAndWhenTheStoresDifferListsTheDifferencesAndExits1() {
        String report = verifyDone(2).replace("}", ",'items':[{'id':'%s','kind':'field_mismatch','fields':['revokedAt'],"
                + "'legacy':{'revokedAt':null},'engine':{'revokedAt':'2026-03-01T10:00:00Z'}},"
                + "{'id':'%s','kind':'missing_in_engine','fields':[],'legacy':{},'engine':null}]}");
        api.answer(new StubAdminApi.Answer(202, "application/json", VERIFY_RUNNING.replace('\'', '"')), ok(VERIFY_RUNNING),
                ok(verifyDone(2)), ok(report.formatted(TOKEN, "f".repeat(64))));

        assertThat(run(withUrl("verify", "--wait", "--reason", "before SHADOW_READ"))).isEqualTo(ExitCode.STORES_DIFFER);
        assertThat(api.seen()).extracting(seen -> seen.method() + " " + seen.path() + (seen.query() == null ? "" : "?" + seen.query()))
                .containsExactly("POST /admin/verification", "GET /admin/verification", "GET /admin/verification",
                        "GET /admin/verification/report?runId=7");
        assertThat(out()).contains("verify    run 7 DONE [####################] 100%  chunks 64 of 64")
                .contains("verdict   the stores DIFFER: 2 differences over 1,000,000 token ids")
                .contains(TOKEN.substring(0, 12) + "  field_mismatch     revokedAt\n")
                .contains("ffffffffffff  missing_in_engine  -\n")
                .doesNotContain(TOKEN.substring(0, 13))
                .endsWith("showing 2 of 2 differences; every one with both stores' records: ./tandem verify status --wait -o json\n");
    }

    @Test
    void verifyWaitOnAgreeingStoresExits0WithoutAskingForTheReport() {
        api.answer(new StubAdminApi.Answer(202, "application/json", VERIFY_RUNNING.replace('\'', '"')), ok(verifyDone(0)));

        assertThat(run(withUrl("verify", "--wait"))).isZero();
        assertThat(api.seen()).hasSize(2);
        assertThat(out()).contains("the stores AGREE");
    }

    @Test
    void verifyWaitWithJsonPrintsTheReportWithEveryItem() {
        String report = verifyDone(1).replace("}", ",'items':[{'id':'%s','kind':'field_mismatch','fields':['scopes'],'legacy':{},'engine':{}}]}");
        api.answer(new StubAdminApi.Answer(202, "application/json", VERIFY_RUNNING.replace('\'', '"')), ok(verifyDone(1)),
                ok(report.formatted(TOKEN)));

        assertThat(run(withUrl("verify", "--wait", "-o", "json"))).isEqualTo(ExitCode.STORES_DIFFER);
        assertThat(out()).startsWith("{\n  \"runId\" : 7,").contains("\"id\" : \"" + TOKEN + "\"").doesNotContain("verdict");
    }

    @Test
    void verifyWhileARunIsRunningExits2WithoutWaitAndFollowsThatRunWithWait() {
        StubAdminApi.Answer busy = new StubAdminApi.Answer(409, PROBLEM, "{\"status\":409,\"title\":\"Verification running\","
                + "\"detail\":\"another process is running verification run 7; one run at a time\"}");
        api.answer(busy);

        assertThat(run(withUrl("verify"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: refused: another process is running verification run 7; one run at a time;"
                + " ./tandem verify status --wait follows the running run\n");

        api.answer(busy, ok(VERIFY_RUNNING), ok(verifyDone(0)));
        assertThat(run(withUrl("verify", "--wait"))).isZero();
        assertThat(err()).endsWith("tandem: another process is running verification run 7; one run at a time; following that run\n");
    }

    @Test
    void verifyStatusExitsWithTheLatestRunsVerdict() {
        api.answer(ok(VERIFY_RUNNING.replace("'RUNNING'", "'FAILED'").replace("'error':null", "'error':'legacy unreachable'")));
        assertThat(run(withUrl("verify", "status"))).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(out()).contains("verdict   run 7 in DUAL_WRITE FAILED: legacy unreachable");

        api.answer(ok(VERIFY_RUNNING));
        assertThat(run(withUrl("verify", "status"))).isEqualTo(ExitCode.NO_VERDICT);

        api.answer(ok(verifyDone(0)));
        assertThat(run(withUrl("verify", "status", "-o", "json"))).isZero();
        assertThat(api.seen()).allSatisfy(seen -> assertThat(seen.method() + " " + seen.path()).isEqualTo("GET /admin/verification"));
    }

    @Test
    void verifyStatusWaitStopsAtARunNobodyWorksOn() {
        api.answer(ok(VERIFY_RUNNING.replace("'active':true", "'active':false")));

        assertThat(run(withUrl("verify", "status", "--wait"))).isEqualTo(ExitCode.NO_VERDICT);
        assertThat(api.seen()).hasSize(1);
        assertThat(out()).contains("stopped unfinished");
    }

    @Test
    void verifyStatusBeforeAnyRunExits2SayingHowToStartOne() {
        api.answer(404, PROBLEM, "{\"status\":404,\"detail\":\"no verification has run yet: POST /admin/verification starts one\"}");

        assertThat(run(withUrl("verify", "status"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: " + api.url() + " knows no verification run (404): no verification has run yet:"
                + " POST /admin/verification starts one; ./tandem verify starts one\n");
    }

    @Test
    void anErrorWhileFollowingExits2WithTheStatus() {
        api.answer(ok(backfill("RUNNING")), new StubAdminApi.Answer(503, PROBLEM, "{\"status\":503,\"detail\":\"the engine database is down\"}"));

        assertThat(run(withUrl("backfill", "status", "--wait"))).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err()).isEqualTo("tandem: " + api.url() + " answered 503 to GET /admin/backfill: the engine database is down\n");
    }
}
