package dev.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.commandline.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The command line as picocli parses it into the commands: what each sends, and every usage error. */
class UsageTest {

    /** Every usage error, with the exact line on stderr that names the option, the value and what is valid. */
    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments(new String[] {},
                        "tandem: missing command (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify, apps, keys)"),
                arguments(new String[] {"frobnicate"},
                        "tandem: unknown command 'frobnicate' (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify, apps, keys)"),
                arguments(new String[] {"--reason", "x"},
                        "tandem: unknown command '--reason' (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify, apps, keys)"),
                arguments(new String[] {"apps"},
                        "tandem apps: missing command (valid: create, list, show, rotate-secret, delete)"),
                arguments(new String[] {"apps", "create", "--name", "shop", "--redirect-uri", "https://shop.example/cb"},
                        "tandem apps create: missing --public or --confidential"),
                arguments(new String[] {"apps", "create", "--name", "shop", "--redirect-uri", "https://shop.example/cb",
                        "--public", "--confidential"},
                        "tandem apps create: --public, --confidential are mutually exclusive (specify only one)"),
                arguments(new String[] {"apps", "create", "--public", "--redirect-uri", "https://shop.example/cb"},
                        "tandem apps create: missing --name"),
                arguments(new String[] {"apps", "show"}, "tandem apps show: missing CLIENT_ID"),
                arguments(new String[] {"apps", "rotate-secret", "a", "b"}, "tandem apps rotate-secret: unexpected argument 'b'"),
                arguments(new String[] {"keys"}, "tandem keys: missing command (valid: list, rotate, retire)"),
                arguments(new String[] {"keys", "retire"}, "tandem keys retire: missing KID"),
                arguments(new String[] {"phase"},
                        "tandem phase: phase needs the target phase (valid: LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_ENGINE, WRITE_ENGINE, ENGINE_ONLY)"),
                arguments(new String[] {"phase", "--reason", "x"},
                        "tandem phase: phase needs the target phase (valid: LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_ENGINE, WRITE_ENGINE, ENGINE_ONLY)"),
                arguments(new String[] {"phase", "NOPE", "--reason", "x"},
                        "tandem phase: unknown phase 'NOPE' (valid: LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_ENGINE, WRITE_ENGINE, ENGINE_ONLY)"),
                arguments(new String[] {"phase", "DUAL_WRITE"},
                        "tandem phase: missing --reason for phase (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason"},
                        "tandem phase: option --reason needs a value"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "--force"},
                        "tandem phase: option --reason needs a value"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "  "},
                        "tandem phase: invalid --reason '  ' (valid: any text that is not blank)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason="},
                        "tandem phase: invalid --reason '' (valid: any text that is not blank)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "SHADOW_READ", "--reason", "x"},
                        "tandem phase: unexpected argument 'SHADOW_READ'"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "x", "--ramp", "5"},
                        "tandem phase: unknown option '--ramp' (valid: --reason, --force, --dry-run, --url, --output)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "x", "--reason", "y"},
                        "tandem phase: option '--reason' (TEXT) should be specified only once"),
                arguments(new String[] {"reads"},
                        "tandem reads: reads needs the read flag (valid: legacy, engine, auto)"),
                arguments(new String[] {"reads", "sideways", "--reason", "x"},
                        "tandem reads: unknown read flag 'sideways' (valid: legacy, engine, auto)"),
                arguments(new String[] {"reads", "auto", "--ramp", "101", "--reason", "x"},
                        "tandem reads: invalid --ramp '101' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp", "-1", "--reason", "x"},
                        "tandem reads: invalid --ramp '-1' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp=ten", "--reason", "x"},
                        "tandem reads: invalid --ramp 'ten' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp", "50"},
                        "tandem reads: missing --reason for reads (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"reads", "auto", "--reason", "x", "--force"},
                        "tandem reads: unknown option '--force' (valid: --reason, --ramp, --dry-run, --url, --output)"),
                arguments(new String[] {"rollback"},
                        "tandem rollback: missing --reason for rollback (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"rollback", "now", "--reason", "x"},
                        "tandem rollback: unexpected argument 'now'"),
                arguments(new String[] {"rollback", "--reason", "x", "--dry-run=yes"},
                        "tandem rollback: option '--dry-run' should be specified without 'yes' parameter"),
                arguments(new String[] {"status", "--reason", "x"},
                        "tandem status: unknown option '--reason' (valid: --url, --output)"),
                arguments(new String[] {"status", "--verbose"},
                        "tandem status: unknown option '--verbose' (valid: --url, --output)"),
                arguments(new String[] {"status", "-o", "yaml"},
                        "tandem status: invalid --output 'yaml' (valid: human, json)"),
                arguments(new String[] {"divergence", "--severity", "severe"},
                        "tandem divergence: invalid --severity 'severe' (valid: critical, major, minor)"),
                arguments(new String[] {"divergence", "--limit", "1001"},
                        "tandem divergence: invalid --limit '1001' (valid: a whole number from 1 to 1000)"),
                arguments(new String[] {"repair"},
                        "tandem repair: repair needs 1 to 100 token ids, found 0"),
                arguments(new String[] {"repair", "abc.def"},
                        "tandem repair: invalid token id 1 of 7 characters (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)"),
                arguments(new String[] {"repair", "ABC"},
                        "tandem repair: invalid token id 1 'ABC' (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)"),
                arguments(new String[] {"status", "-o"},
                        "tandem status: option --output needs a value"),
                arguments(new String[] {"status", "--url", "ftp://127.0.0.1:8080"},
                        "tandem status: invalid --url 'ftp://127.0.0.1:8080' (valid: an http or https URL of an orchestrator, e.g. http://127.0.0.1:8080)"),
                arguments(new String[] {"status", "--url", "127.0.0.1:8080"},
                        "tandem status: invalid --url '127.0.0.1:8080' (valid: an http or https URL of an orchestrator, e.g. http://127.0.0.1:8080)"),
                arguments(new String[] {"audit", "everything"},
                        "tandem audit: unexpected argument 'everything'"),
                arguments(new String[] {"audit", "--limit", "0"},
                        "tandem audit: invalid --limit '0' (valid: a whole number from 1 to 100000)"),
                arguments(new String[] {"audit", "--limit", "many"},
                        "tandem audit: invalid --limit 'many' (valid: a whole number from 1 to 100000)"),
                arguments(new String[] {"status", "--limit", "5"},
                        "tandem status: unknown option '--limit' (valid: --url, --output)"),
                arguments(new String[] {"cutover", "--reason", "x"},
                        "tandem cutover: cutover needs what to set (valid: auto)"),
                arguments(new String[] {"cutover", "manual", "on", "--reason", "x"},
                        "tandem cutover: unknown cutover setting 'manual' (valid: auto)"),
                arguments(new String[] {"cutover", "auto", "--reason", "x"},
                        "tandem cutover: cutover auto needs on or off (valid: on, off)"),
                arguments(new String[] {"cutover", "auto", "maybe", "--reason", "x"},
                        "tandem cutover: invalid cutover auto 'maybe' (valid: on, off)"),
                arguments(new String[] {"cutover", "auto", "on", "now", "--reason", "x"},
                        "tandem cutover: unexpected argument 'now'"),
                arguments(new String[] {"cutover", "auto", "on"},
                        "tandem cutover: missing --reason for cutover (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"cutover", "auto", "on", "--reason", "x", "--force"},
                        "tandem cutover: unknown option '--force' (valid: --reason, --dry-run, --url, --output)"),
                arguments(new String[] {"backfill"},
                        "tandem backfill: backfill needs an action (valid: status, start, pause, resume, rate)"),
                arguments(new String[] {"backfill", "stop", "--reason", "x"},
                        "tandem backfill: unknown backfill action 'stop' (valid: status, start, pause, resume, rate)"),
                arguments(new String[] {"backfill", "start", "now", "--reason", "x"},
                        "tandem backfill: unexpected argument 'now'"),
                arguments(new String[] {"backfill", "start"},
                        "tandem backfill: missing --reason for backfill start (valid: any text saying why, e.g. --reason \"CHG-42 copy the old tokens\"; the orchestrator logs it)"),
                arguments(new String[] {"backfill", "pause", "--reason", ""},
                        "tandem backfill: invalid --reason '' (valid: any text that is not blank)"),
                arguments(new String[] {"backfill", "status", "--reason", "x"},
                        "tandem backfill: option --reason is not for backfill status (valid with: start, pause, resume, rate)"),
                arguments(new String[] {"backfill", "pause", "--rate", "5", "--reason", "x"},
                        "tandem backfill: option --rate is not for backfill pause (valid with: start, resume, rate)"),
                arguments(new String[] {"backfill", "resume", "--restart", "--reason", "x"},
                        "tandem backfill: option --restart is not for backfill resume (valid with: start)"),
                arguments(new String[] {"backfill", "pause", "--wait", "--reason", "x"},
                        "tandem backfill: option --wait is not for backfill pause (valid with: status, start, resume, rate)"),
                arguments(new String[] {"backfill", "rate", "--reason", "x"},
                        "tandem backfill: backfill rate needs --rate N (valid: rows per second from 0 to 10000000, 0 for no limit)"),
                arguments(new String[] {"backfill", "start", "--rate", "-5", "--reason", "x"},
                        "tandem backfill: invalid --rate '-5' (valid: a whole number from 0 to 10000000)"),
                arguments(new String[] {"backfill", "rate", "--rate=fast", "--reason", "x"},
                        "tandem backfill: invalid --rate 'fast' (valid: a whole number from 0 to 10000000)"),
                arguments(new String[] {"backfill", "start", "--reason", "x", "--dry-run"},
                        "tandem backfill: unknown option '--dry-run' (valid: --reason, --rate, --restart, --wait, --url, --output)"),
                arguments(new String[] {"verify", "now"},
                        "tandem verify: unexpected argument 'now' (valid: status, or nothing to start a run)"),
                arguments(new String[] {"verify", "status", "again"},
                        "tandem verify: unexpected argument 'again'"),
                arguments(new String[] {"verify", "status", "--reason", "x"},
                        "tandem verify: option --reason is not for verify status, which starts nothing (valid with: ./tandem verify --reason TEXT)"),
                arguments(new String[] {"verify", "--reason", " "},
                        "tandem verify: invalid --reason ' ' (valid: any text that is not blank)"),
                arguments(new String[] {"verify", "--rate", "5"},
                        "tandem verify: unknown option '--rate' (valid: --reason, --wait, --url, --output)"),
                arguments(new String[] {"verify", "--wait=yes"},
                        "tandem verify: option '--wait' should be specified without 'yes' parameter"),
                arguments(new String[] {"status", "--admin-token", "abc"},
                        "tandem status: --admin-token is not taken (every user of this host could read it in the process list): set TANDEM_ADMIN_TOKEN in the environment instead"),
                arguments(new String[] {"status", "--admin-token=abc"},
                        "tandem status: --admin-token is not taken (every user of this host could read it in the process list): set TANDEM_ADMIN_TOKEN in the environment instead"),
                arguments(new String[] {"divergence", "--severity"},
                        "tandem divergence: option --severity needs a value"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "x", "--url"},
                        "tandem phase: option --url needs a value"));
    }

    @Test
    void unknownOptionMissingValueAndBadEnumExit2WithOneLine() {
        assertUsageError(new String[] {"status", "--colour"}, "tandem status: unknown option '--colour' (valid: --url, --output)");
        assertUsageError(new String[] {"audit", "--limit"}, "tandem audit: option --limit needs a value");
        assertUsageError(new String[] {"divergence", "--severity", "fatal"},
                "tandem divergence: invalid --severity 'fatal' (valid: critical, major, minor)");
    }

    @Test
    void theAdminTokenIsRefusedOnTheCommandLineNamingTheVariable() {
        assertUsageError(new String[] {"rollback", "--reason", "x", "--admin-token", "s3cret"}, "tandem rollback: --admin-token"
                + " is not taken (every user of this host could read it in the process list): set TANDEM_ADMIN_TOKEN in the"
                + " environment instead");
    }

    @Test
    void anArgumentStartingWithAtIsTakenAsTypedNotAsAFileToRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path ids = java.nio.file.Files.writeString(dir.resolve("ids"), "a".repeat(64));

        assertUsageError(new String[] {"repair", "@" + ids}, "tandem repair: invalid token id 1 of " + (ids.toString().length() + 1)
                + " characters (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)");
    }

    private static void assertUsageError(String[] args, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new TandemCli(Map.of(), Path.of("no-state"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);

        assertThat(exit).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
        assertThat(out.size()).isZero();
    }

    /** {@code args} parsed and checked, not run. */
    private static AdminCommand parse(String... args) throws UsageException {
        var root = new TandemCli(Map.of(), Path.of("no-state"), System.out, System.err).commandLine();
        AdminCommand command = (AdminCommand) root.parseArgs(args).subcommand().commandSpec().userObject();
        command.check();
        return command;
    }

    @Test
    void phaseNamesAreAcceptedInAnyCaseAndSentInTheApiSpelling() throws Exception {
        AdminCommand line = parse("phase", "dual-write", "--reason", "ticket 7", "--force", "--dry-run");

        assertThat(line.word()).isEqualTo("phase");
        assertThat(line.json()).isFalse();
        assertThat(body(request(line))).isEqualTo("{\"to\":\"DUAL_WRITE\",\"reason\":\"ticket 7\",\"force\":true,\"dryRun\":true}");
    }

    @Test
    void readsTakesTheFlagTheRampAndOptionsInAnyOrder() throws Exception {
        AdminCommand line = parse("reads", "--ramp=25", "--reason=ramp up", "ENGINE", "-o", "json",
                "--url", "http://10.0.0.7:8081/");

        assertThat(body(request(line))).isEqualTo("{\"flag\":\"engine\",\"rampPercent\":25,\"reason\":\"ramp up\",\"dryRun\":false}");
        assertThat(line.json()).isTrue();
        assertThat(line.url()).contains(URI.create("http://10.0.0.7:8081"));
    }

    @Test
    void readsWithoutRampLeavesTheRampUnset() throws Exception {
        assertThat(request(parse("reads", "auto", "--reason", "x")).body()).doesNotContainKey("rampPercent");
    }

    @Test
    void helpNeedsNothingElse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TandemCli cli = new TandemCli(Map.of(), Path.of("no-state"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(cli.run("rollback", "--help")).isZero();
        assertThat(cli.run("phase", "-h")).isZero();
        assertThat(cli.run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ./tandem rollback", "Usage: ./tandem phase",
                "Usage: ./tandem [-h] <command>");
    }

    @Test
    void cutoverAutoOnAndOffBecomeTheAutoCutoverSwitch() throws Exception {
        AdminCommand on = parse("cutover", "auto", "ON", "--reason", "guards green", "--dry-run");
        AdminCommand off = parse("cutover", "auto", "off", "--reason", "hands on");

        assertThat(request(on)).satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.path()).isEqualTo("/admin/migration/auto-cutover");
            assertThat(body(request)).isEqualTo("{\"enabled\":true,\"reason\":\"guards green\",\"dryRun\":true}");
        });
        assertThat(request(off).body().get("enabled")).isEqualTo(false);
    }

    @Test
    void auditTakesALimit() throws UsageException {
        assertThat(request(parse("audit", "--limit", "20")).path()).isEqualTo("/admin/audit?limit=20");
        assertThat(request(parse("audit")).path()).isEqualTo("/admin/audit");
    }

    @Test
    void backfillStartSendsTheActionRateRestartAndReason() throws Exception {
        AdminCommand line = parse("backfill", "START", "--rate", "20000", "--restart", "--reason", "CHG-42", "--wait");

        assertThat(((JobCommands.Backfill) line).follow).isTrue();
        assertThat(request(line)).satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/admin/backfill");
            assertThat(body(request))
                    .isEqualTo("{\"action\":\"start\",\"rowsPerSecond\":20000,\"restart\":true,\"reason\":\"CHG-42\"}");
        });
    }

    @Test
    void backfillLeavesOutWhatWasNotGivenSoTheJobKeepsIt() throws Exception {
        assertThat(body(request(parse("backfill", "resume", "--reason", "after INC-7"))))
                .isEqualTo("{\"action\":\"resume\",\"reason\":\"after INC-7\"}");
        assertThat(body(request(parse("backfill", "rate", "--rate", "0", "--reason", "lift"))))
                .isEqualTo("{\"action\":\"rate\",\"rowsPerSecond\":0,\"reason\":\"lift\"}");
    }

    @Test
    void backfillStatusNeedsNoReasonAndOnlyReads() throws UsageException {
        AdminCommand line = parse("backfill", "status", "--wait", "-o", "json");

        assertThat(request(line)).isEqualTo(new AdminCall<>("GET", "/admin/backfill", null, BackfillStatus.class));
    }

    @Test
    void verifyStartsARunWithADefaultReasonAndStatusOnlyReads() throws Exception {
        AdminCommand start = parse("verify", "--wait");
        AdminCommand status = parse("verify", "status", "--wait");

        assertThat(body(request(start))).isEqualTo("{\"reason\":\"requested with ./tandem verify\"}");
        assertThat(request(parse("verify", "--reason", "before SHADOW_READ")).body().get("reason"))
                .isEqualTo("before SHADOW_READ");
        assertThat(request(status)).isEqualTo(new AdminCall<>("GET", "/admin/verification", null, VerificationStatus.class));
        assertThat(((JobCommands.Verify) status).follow).isTrue();
        assertThat(AdminCall.verificationReport(7L).path()).isEqualTo("/admin/verification/report?runId=7");
    }

    @Test
    void readOnlyCommandsNeedNoReason() throws UsageException {
        assertThat(request(parse("status")).body()).isNull();
        assertThat(parse("audit", "--output=json").json()).isTrue();
    }

    private static AdminCall<?> request(AdminCommand command) {
        return command.request();
    }

    // The body as the client sends it.
    private static String body(AdminCall<?> request) throws JsonProcessingException {
        return new ObjectMapper().writeValueAsString(request.body());
    }
}
