package dev.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CommandLineTest {

    private static final String PHASES = "LEGACY_ONLY, DUAL_WRITE, SHADOW_READ, READ_ENGINE, WRITE_ENGINE, ENGINE_ONLY";

    /** Every usage error, with the exact one-line message that names the option, the value and what is valid. */
    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments(new String[] {}, "missing command (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify)"),
                arguments(new String[] {"frobnicate"}, "unknown command 'frobnicate' (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify)"),
                arguments(new String[] {"--reason", "x"}, "unknown command '--reason' (valid: status, phase, reads, rollback, cutover, audit, divergence, checker, repair, backfill, verify)"),
                arguments(new String[] {"phase"}, "phase needs the target phase (valid: " + PHASES + ")"),
                arguments(new String[] {"phase", "--reason", "x"}, "phase needs the target phase (valid: " + PHASES + ")"),
                arguments(new String[] {"phase", "NOPE", "--reason", "x"}, "unknown phase 'NOPE' (valid: " + PHASES + ")"),
                arguments(new String[] {"phase", "DUAL_WRITE"}, "missing --reason for phase (valid: any text saying why,"
                        + " e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason"}, "option --reason needs a value (--reason TEXT)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "--force"}, "option --reason needs a value (--reason TEXT)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "  "}, "invalid --reason '  ' (valid: any text that is not blank)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason="}, "invalid --reason '' (valid: any text that is not blank)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "SHADOW_READ", "--reason", "x"}, "unexpected argument 'SHADOW_READ'"
                        + " for phase (usage: ./tandem phase <PHASE> --reason TEXT [--force] [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "x", "--ramp", "5"}, "unknown option '--ramp' for phase"
                        + " (valid: --reason, --force, --dry-run, --url, --output, --help)"),
                arguments(new String[] {"phase", "DUAL_WRITE", "--reason", "x", "--reason", "y"}, "option --reason given twice"),
                arguments(new String[] {"reads"}, "reads needs the read flag (valid: legacy, engine, auto)"),
                arguments(new String[] {"reads", "sideways", "--reason", "x"}, "unknown read flag 'sideways' (valid: legacy, engine, auto)"),
                arguments(new String[] {"reads", "auto", "--ramp", "101", "--reason", "x"}, "invalid --ramp '101' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp", "-1", "--reason", "x"}, "invalid --ramp '-1' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp=ten", "--reason", "x"}, "invalid --ramp 'ten' (valid: a whole number from 0 to 100)"),
                arguments(new String[] {"reads", "auto", "--ramp", "50"}, "missing --reason for reads (valid: any text saying why,"
                        + " e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"reads", "auto", "--reason", "x", "--force"}, "unknown option '--force' for reads"
                        + " (valid: --reason, --ramp, --dry-run, --url, --output, --help)"),
                arguments(new String[] {"rollback"}, "missing --reason for rollback (valid: any text saying why,"
                        + " e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"rollback", "now", "--reason", "x"}, "unexpected argument 'now' for rollback"
                        + " (usage: ./tandem rollback --reason TEXT [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"rollback", "--reason", "x", "--dry-run=yes"}, "option --dry-run takes no value, found '--dry-run=yes'"),
                arguments(new String[] {"status", "--reason", "x"}, "unknown option '--reason' for status (valid: --url, --output, --help)"),
                arguments(new String[] {"status", "--verbose"}, "unknown option '--verbose' for status (valid: --url, --output, --help)"),
                arguments(new String[] {"status", "-o", "yaml"}, "invalid --output 'yaml' (valid: human, json)"),
                arguments(new String[] {"divergence", "--severity", "severe"}, "invalid --severity 'severe'"
                        + " (valid: critical, major, minor)"),
                arguments(new String[] {"divergence", "--limit", "1001"}, "invalid --limit '1001' (valid: a whole number"
                        + " from 1 to 1000)"),
                arguments(new String[] {"repair"}, "repair needs 1 to 100 token ids, found 0"
                        + " (usage: ./tandem repair ID... [-o json] [--url URL])"),
                arguments(new String[] {"repair", "abc.def"}, "invalid token id 1 of 7 characters"
                        + " (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)"),
                arguments(new String[] {"repair", "ABC"}, "invalid token id 1 'ABC'"
                        + " (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)"),
                arguments(new String[] {"status", "-o"}, "option --output needs a value (-o, --output human|json)"),
                arguments(new String[] {"status", "--url", "ftp://127.0.0.1:8080"}, "invalid --url 'ftp://127.0.0.1:8080'"
                        + " (valid: an http or https URL of an orchestrator, e.g. http://127.0.0.1:8080)"),
                arguments(new String[] {"status", "--url", "127.0.0.1:8080"}, "invalid --url '127.0.0.1:8080'"
                        + " (valid: an http or https URL of an orchestrator, e.g. http://127.0.0.1:8080)"),
                arguments(new String[] {"audit", "everything"}, "unexpected argument 'everything' for audit"
                        + " (usage: ./tandem audit [--limit N] [-o json] [--url URL])"),
                arguments(new String[] {"audit", "--limit", "0"}, "invalid --limit '0' (valid: a whole number from 1 to 100000)"),
                arguments(new String[] {"audit", "--limit", "many"}, "invalid --limit 'many' (valid: a whole number from 1 to 100000)"),
                arguments(new String[] {"status", "--limit", "5"}, "unknown option '--limit' for status (valid: --url, --output, --help)"),
                arguments(new String[] {"cutover", "--reason", "x"}, "cutover needs what to set (valid: auto; usage:"
                        + " ./tandem cutover auto on|off --reason TEXT [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"cutover", "manual", "on", "--reason", "x"}, "unknown cutover setting 'manual' (valid:"
                        + " auto; usage: ./tandem cutover auto on|off --reason TEXT [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"cutover", "auto", "--reason", "x"}, "cutover auto needs on or off (usage:"
                        + " ./tandem cutover auto on|off --reason TEXT [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"cutover", "auto", "maybe", "--reason", "x"}, "invalid cutover auto 'maybe' (valid: on, off)"),
                arguments(new String[] {"cutover", "auto", "on", "now", "--reason", "x"}, "unexpected argument 'now' for cutover"
                        + " (usage: ./tandem cutover auto on|off --reason TEXT [--dry-run] [-o json] [--url URL])"),
                arguments(new String[] {"cutover", "auto", "on"}, "missing --reason for cutover (valid: any text saying why,"
                        + " e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)"),
                arguments(new String[] {"cutover", "auto", "on", "--reason", "x", "--force"}, "unknown option '--force' for"
                        + " cutover (valid: --reason, --dry-run, --url, --output, --help)"),
                arguments(new String[] {"backfill"}, "backfill needs an action (valid: status, start, pause, resume, rate;"
                        + " usage: " + BACKFILL_USAGE + ")"),
                arguments(new String[] {"backfill", "stop", "--reason", "x"}, "unknown backfill action 'stop' (valid: status,"
                        + " start, pause, resume, rate; usage: " + BACKFILL_USAGE + ")"),
                arguments(new String[] {"backfill", "start", "now", "--reason", "x"}, "unexpected argument 'now' for backfill"
                        + " (usage: " + BACKFILL_USAGE + ")"),
                arguments(new String[] {"backfill", "start"}, "missing --reason for backfill start (valid: any text saying why,"
                        + " e.g. --reason \"CHG-42 copy the old tokens\"; the orchestrator logs it)"),
                arguments(new String[] {"backfill", "pause", "--reason", ""}, "invalid --reason '' (valid: any text that is not blank)"),
                arguments(new String[] {"backfill", "status", "--reason", "x"}, "option --reason is not for backfill status"
                        + " (valid with: start, pause, resume, rate)"),
                arguments(new String[] {"backfill", "pause", "--rate", "5", "--reason", "x"}, "option --rate is not for backfill"
                        + " pause (valid with: start, resume, rate)"),
                arguments(new String[] {"backfill", "resume", "--restart", "--reason", "x"}, "option --restart is not for"
                        + " backfill resume (valid with: start)"),
                arguments(new String[] {"backfill", "pause", "--wait", "--reason", "x"}, "option --wait is not for backfill"
                        + " pause (valid with: status, start, resume, rate)"),
                arguments(new String[] {"backfill", "rate", "--reason", "x"}, "backfill rate needs --rate N (valid: rows per"
                        + " second from 0 to 10000000, 0 for no limit)"),
                arguments(new String[] {"backfill", "start", "--rate", "-5", "--reason", "x"}, "invalid --rate '-5' (valid: a"
                        + " whole number from 0 to 10000000)"),
                arguments(new String[] {"backfill", "rate", "--rate=fast", "--reason", "x"}, "invalid --rate 'fast' (valid: a"
                        + " whole number from 0 to 10000000)"),
                arguments(new String[] {"backfill", "start", "--reason", "x", "--dry-run"}, "unknown option '--dry-run' for"
                        + " backfill (valid: --reason, --rate, --restart, --wait, --url, --output, --help)"),
                arguments(new String[] {"verify", "now"}, "unexpected argument 'now' for verify (usage: " + VERIFY_USAGE + ")"),
                arguments(new String[] {"verify", "status", "again"}, "unexpected argument 'again' for verify (usage: "
                        + VERIFY_USAGE + ")"),
                arguments(new String[] {"verify", "status", "--reason", "x"}, "option --reason is not for verify status,"
                        + " which starts nothing (valid with: ./tandem verify --reason TEXT)"),
                arguments(new String[] {"verify", "--reason", " "}, "invalid --reason ' ' (valid: any text that is not blank)"),
                arguments(new String[] {"verify", "--rate", "5"}, "unknown option '--rate' for verify (valid: --reason,"
                        + " --wait, --url, --output, --help)"),
                arguments(new String[] {"verify", "--wait=yes"}, "option --wait takes no value, found '--wait=yes'"));
    }

    private static final String BACKFILL_USAGE = "./tandem backfill status|start|pause|resume|rate [--rate N] [--restart]"
            + " [--reason TEXT] [--wait] [-o json] [--url URL]";
    private static final String VERIFY_USAGE = "./tandem verify [status] [--wait] [--reason TEXT] [-o json] [--url URL]";

    @ParameterizedTest(name = "{1}")
    @MethodSource("usageErrors")
    void badUsageIsRefusedWithAMessageNamingWhatIsValid(String[] args, String message) {
        assertThatThrownBy(() -> CommandLine.parse(args)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void phaseNamesAreAcceptedInAnyCaseAndSentInTheApiSpelling() throws UsageException {
        CommandLine line = CommandLine.parse("phase", "dual-write", "--reason", "ticket 7", "--force", "--dry-run");

        assertThat(line.command()).isEqualTo(Command.PHASE);
        assertThat(line.target()).isEqualTo("DUAL_WRITE");
        assertThat(line.reason()).isEqualTo("ticket 7");
        assertThat(line.force()).isTrue();
        assertThat(line.dryRun()).isTrue();
        assertThat(line.json()).isFalse();
    }

    @Test
    void readsTakesTheFlagTheRampAndOptionsInAnyOrder() throws UsageException {
        CommandLine line = CommandLine.parse("reads", "--ramp=25", "--reason=ramp up", "ENGINE", "-o", "json",
                "--url", "http://10.0.0.7:8081/");

        assertThat(line.target()).isEqualTo("engine");
        assertThat(line.ramp()).isEqualTo(25);
        assertThat(line.reason()).isEqualTo("ramp up");
        assertThat(line.json()).isTrue();
        assertThat(line.url()).contains(URI.create("http://10.0.0.7:8081"));
    }

    @Test
    void readsWithoutRampLeavesTheRampUnset() throws UsageException {
        assertThat(CommandLine.parse("reads", "auto", "--reason", "x").ramp()).isNull();
    }

    @Test
    void helpNeedsNothingElse() throws UsageException {
        assertThat(CommandLine.parse("rollback", "--help").help()).isTrue();
        assertThat(CommandLine.parse("phase", "-h").command()).isEqualTo(Command.PHASE);
        assertThat(CommandLine.parse("--help").command()).isNull();
    }

    @Test
    void cutoverAutoOnAndOffBecomeTheAutoCutoverSwitch() throws Exception {
        CommandLine on = CommandLine.parse("cutover", "auto", "ON", "--reason", "guards green", "--dry-run");
        CommandLine off = CommandLine.parse("cutover", "auto", "off", "--reason", "hands on");

        assertThat(on.target()).isEqualTo("on");
        assertThat(AdminRequest.of(on)).satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.path()).isEqualTo("/admin/migration/auto-cutover");
            assertThat(body(request)).isEqualTo("{\"enabled\":true,\"reason\":\"guards green\",\"dryRun\":true}");
        });
        assertThat(AdminRequest.of(off).body().get("enabled")).isEqualTo(false);
    }

    @Test
    void auditTakesALimit() throws UsageException {
        assertThat(CommandLine.parse("audit", "--limit", "20").limit()).isEqualTo(20);
        assertThat(AdminRequest.of(CommandLine.parse("audit", "--limit", "20")).path()).isEqualTo("/admin/audit?limit=20");
        assertThat(AdminRequest.of(CommandLine.parse("audit")).path()).isEqualTo("/admin/audit");
    }

    @Test
    void backfillStartSendsTheActionRateRestartAndReason() throws Exception {
        CommandLine line = CommandLine.parse("backfill", "START", "--rate", "20000", "--restart", "--reason", "CHG-42", "--wait");

        assertThat(line.target()).isEqualTo("start");
        assertThat(line.follow()).isTrue();
        assertThat(AdminRequest.of(line)).satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/admin/backfill");
            assertThat(body(request))
                    .isEqualTo("{\"action\":\"start\",\"rowsPerSecond\":20000,\"restart\":true,\"reason\":\"CHG-42\"}");
        });
    }

    @Test
    void backfillLeavesOutWhatWasNotGivenSoTheJobKeepsIt() throws Exception {
        assertThat(body(AdminRequest.of(CommandLine.parse("backfill", "resume", "--reason", "after INC-7"))))
                .isEqualTo("{\"action\":\"resume\",\"reason\":\"after INC-7\"}");
        assertThat(body(AdminRequest.of(CommandLine.parse("backfill", "rate", "--rate", "0", "--reason", "lift"))))
                .isEqualTo("{\"action\":\"rate\",\"rowsPerSecond\":0,\"reason\":\"lift\"}");
    }

    @Test
    void backfillStatusNeedsNoReasonAndOnlyReads() throws UsageException {
        CommandLine line = CommandLine.parse("backfill", "status", "--wait", "-o", "json");

        assertThat(line.reason()).isNull();
        assertThat(AdminRequest.of(line)).isEqualTo(new AdminCall<>("GET", "/admin/backfill", null, BackfillStatus.class));
    }

    @Test
    void verifyStartsARunWithADefaultReasonAndStatusOnlyReads() throws Exception {
        CommandLine start = CommandLine.parse("verify", "--wait");
        CommandLine status = CommandLine.parse("verify", "status", "--wait");

        assertThat(start.target()).isEqualTo("start");
        assertThat(body(AdminRequest.of(start))).isEqualTo("{\"reason\":\"requested with ./tandem verify\"}");
        assertThat(AdminRequest.of(CommandLine.parse("verify", "--reason", "before SHADOW_READ")).body().get("reason"))
                .isEqualTo("before SHADOW_READ");
        assertThat(AdminRequest.of(status)).isEqualTo(new AdminCall<>("GET", "/admin/verification", null, VerificationStatus.class));
        assertThat(status.follow()).isTrue();
        assertThat(AdminCall.verificationReport(7L).path()).isEqualTo("/admin/verification/report?runId=7");
    }

    @Test
    void readOnlyCommandsNeedNoReason() throws UsageException {
        assertThat(CommandLine.parse("status").reason()).isNull();
        assertThat(CommandLine.parse("audit", "--output=json").json()).isTrue();
    }

    // The body as the client sends it.
    private static String body(AdminCall<?> request) throws JsonProcessingException {
        return new ObjectMapper().writeValueAsString(request.body());
    }
}
