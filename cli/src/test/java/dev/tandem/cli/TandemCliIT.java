package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The on-call CLI against a real orchestrator (its own JVM, on the test stack's servers, with its own
 * databases and control topic): exit codes 0, 1 and 2 as a script sees them, and the state the
 * orchestrator reports afterwards. Each test sets up the state it needs, so their order does not matter;
 * none enters ENGINE_ONLY, which no test could leave.
 */
class TandemCliIT {
    private static final String OPERATOR = randomToken();
    private static final String VIEWER = randomToken();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OrchestratorProcess orchestrator;

    @TempDir
    static Path stateDir;

    /** What one run printed and how it exited. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON on stdout: " + out + "\nstderr: " + err, e);
            }
        }
    }

    @BeforeAll
    static void startOrchestrator() throws SQLException {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        orchestrator = OrchestratorProcess.builder("cli-it")
                .legacy(legacy)
                .engine(stack.freshEngineDatabase())
                .kafka(stack.kafkaBootstrap())
                .controlTopic("tandem.control.cli-it-" + UUID.randomUUID())
                .nodeId(1)
                .adminTokens("oncall:operator:" + sha256(OPERATOR) + ",watcher:viewer:" + sha256(VIEWER))
                .build()
                .start();
    }

    @AfterAll
    static void stopOrchestrator() {
        if (orchestrator != null) {
            orchestrator.stop();
        }
    }

    private static Run cli(String token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--url");
        all.add(orchestrator.url());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new TandemCli(Map.of(Settings.TOKEN_ENV, token), stateDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run operator(String... args) {
        return cli(OPERATOR, args);
    }

    private static JsonNode status() {
        Run run = cli(VIEWER, "status", "-o", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        return run.json();
    }

    /** DUAL_WRITE from any phase but ENGINE_ONLY: forward from LEGACY_ONLY (forced), else re-entered or backward. */
    private static void inDualWrite() {
        Run run = operator("phase", "DUAL_WRITE", "--reason", "test set-up", "--force");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void statusShowsThePhaseWhereReadsGoAndTheGuardsOfTheNextStep() {
        inDualWrite();

        Run run = cli(VIEWER, "status");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("phase     DUAL_WRITE (revision ")
                .contains("reads     flag ", "guards of the next step, DUAL_WRITE -> SHADOW_READ:", "engine-reachable",
                        "divergence-zero");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aForwardStepWhoseGuardsDoNotHoldExits1ListingThemAndChangesNothing() {
        inDualWrite();
        long revision = status().path("revision").asLong();

        Run run = operator("phase", "SHADOW_READ", "--reason", "too early");

        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("refused: DUAL_WRITE -> SHADOW_READ refused")
                .contains("failing guards:", "divergence-zero", "checker-lag", "--force");
        assertThat(status().path("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(status().path("revision").asLong()).isEqualTo(revision);
    }

    @Test
    void aDryRunPrintsThePlanWithTheGuardVerdictsAndChangesNothing() {
        inDualWrite();
        long revision = status().path("revision").asLong();

        Run wouldFail = operator("phase", "SHADOW_READ", "--reason", "rehearsal", "--dry-run");
        Run wouldPass = operator("phase", "SHADOW_READ", "--reason", "rehearsal", "--dry-run", "--force");

        assertThat(wouldFail.exit()).as("the exit code the real step would get").isEqualTo(ExitCode.REFUSED);
        assertThat(wouldFail.out()).startsWith("dry run: phase DUAL_WRITE -> SHADOW_READ would be refused: ")
                .contains("nothing was changed", "unknown  divergence-zero");
        assertThat(wouldPass.exit()).as(wouldPass.err()).isZero();
        assertThat(wouldPass.out()).startsWith("dry run: phase DUAL_WRITE -> SHADOW_READ (forced) would be applied;");
        assertThat(status().path("phase").asText()).isEqualTo("DUAL_WRITE");
        assertThat(status().path("revision").asLong()).as("no change was made").isEqualTo(revision);
    }

    @Test
    void rollbackSendsReadsToLegacyAndIsAuditedWithWhoAndWhy() {
        inDualWrite();
        Run engine = operator("reads", "engine", "--reason", "try the engine");
        assertThat(engine.exit()).as(engine.err()).isZero();
        assertThat(status().path("reads").path("effective").asText()).isEqualTo("engine");
        String reason = "INC-" + UUID.randomUUID() + " engine p99 high";

        Run rollback = operator("rollback", "--reason", reason);

        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).startsWith("rollback flag engine -> legacy: applied, revision ");
        JsonNode reads = status().path("reads");
        assertThat(reads.path("flag").asText()).isEqualTo("legacy");
        assertThat(reads.path("effective").asText()).isEqualTo("legacy");
        Run audit = cli(VIEWER, "audit", "--limit", "1", "-o", "json");
        assertThat(audit.exit()).as(audit.err()).isZero();
        JsonNode last = audit.json().path("entries").get(0);
        assertThat(last.path("action").asText()).isEqualTo("rollback");
        assertThat(last.path("actor").asText()).isEqualTo("oncall");
        assertThat(last.path("reason").asText()).isEqualTo(reason);
        // Columns are as wide as their widest cell (the action auto-cutover is wider than rollback).
        assertThat(cli(VIEWER, "audit").out()).containsPattern("rollback +flag engine -> legacy +" + reason);
    }

    @Test
    void cutoverAutoOnAndOffAreAppliedShownInStatusAndAudited() {
        inDualWrite();
        String reason = "CHG-" + UUID.randomUUID() + " guards drive";

        Run on = operator("cutover", "auto", "on", "--reason", reason);

        assertThat(on.exit()).as(on.err()).isZero();
        assertThat(on.out()).startsWith("cutover auto-cutover off -> on: applied, revision ");
        assertThat(status().path("autoCutover").asBoolean()).isTrue();
        Run look = cli(VIEWER, "status");
        assertThat(look.out()).contains("cutover   automatic on (ramp steps 1% > 10% > 50% > 100%, dwell ",
                "rollback  lossless: legacy is the primary in DUAL_WRITE");
        JsonNode last = cli(VIEWER, "audit", "--limit", "1", "-o", "json").json().path("entries").get(0);
        assertThat(last.path("action").asText()).isEqualTo("auto-cutover");
        assertThat(last.path("actor").asText()).isEqualTo("oncall");
        assertThat(last.path("reason").asText()).isEqualTo(reason);

        Run off = operator("cutover", "auto", "off", "--reason", "hands on");

        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(status().path("autoCutover").asBoolean()).isFalse();
        assertThat(cli(VIEWER, "audit").out()).contains("auto-cutover on -> off");
    }

    @Test
    void theRampIsSetWithTheFlagAndKeptWhenNotGiven() {
        inDualWrite();

        Run ramp = operator("reads", "auto", "--ramp", "25", "--reason", "ramp a quarter");
        Run flagOnly = operator("reads", "legacy", "--reason", "pin reads");

        assertThat(ramp.exit()).as(ramp.err()).isZero();
        assertThat(flagOnly.exit()).as(flagOnly.err()).isZero();
        assertThat(status().path("reads").path("rampPercent").asInt()).isEqualTo(25);
        assertThat(status().path("reads").path("flag").asText()).isEqualTo("legacy");
    }

    @Test
    void aViewerMayLookButAChangeExits2AndChangesNothing() {
        inDualWrite();
        String flag = status().path("reads").path("flag").asText();

        Run look = cli(VIEWER, "audit");
        Run change = cli(VIEWER, "reads", "engine", "--reason", "not allowed");

        assertThat(look.exit()).as(look.err()).isZero();
        assertThat(change.exit()).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(change.err()).startsWith("tandem: " + orchestrator.url() + " refused reads to this admin token (403): ")
                .contains("operator").hasLineCount(1);
        assertThat(status().path("reads").path("flag").asText()).isEqualTo(flag);
    }

    @Test
    void anUnknownTokenExits2WithoutEchoingIt() {
        String wrong = randomToken();

        Run run = cli(wrong, "status");

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE_OR_CONNECTION);
        assertThat(run.err()).isEqualTo("tandem: " + orchestrator.url() + " rejected the admin token from TANDEM_ADMIN_TOKEN"
                + " (401): the admin token is not known\n");
        assertThat(run.out() + run.err()).doesNotContain(wrong);
    }

    @Test
    void aStepTheStateMachineDoesNotAllowExits1NamingTheAllowedSteps() {
        inDualWrite();

        Run run = operator("phase", "WRITE_ENGINE", "--reason", "skip ahead", "--force");

        assertThat(run.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.err()).startsWith("refused: ").contains("LEGACY_ONLY", "SHADOW_READ");
        assertThat(status().path("phase").asText()).isEqualTo("DUAL_WRITE");
    }

    static List<String> phases() {
        return MigrationNames.PHASES;
    }

    /** The CLI keeps its own list of phases (it does not depend on the orchestrator): this catches drift. */
    @ParameterizedTest
    @MethodSource("phases")
    void everyPhaseTheCliAcceptsIsOneTheOrchestratorKnows(String phase) {
        inDualWrite();

        Run run = operator("phase", phase, "--reason", "name check", "--dry-run", "--force", "-o", "json");

        assertThat(run.exit()).as("0 or 1, never a 400 for an unknown phase: " + run.out() + run.err()).isIn(0, 1);
        assertThat(run.json().path("to").asText()).isEqualTo(phase);
    }

    static List<String> readFlags() {
        return MigrationNames.READ_FLAGS;
    }

    @ParameterizedTest
    @MethodSource("readFlags")
    void everyReadFlagTheCliAcceptsIsOneTheOrchestratorKnows(String flag) {
        inDualWrite();

        Run run = operator("reads", flag, "--reason", "name check", "--dry-run", "-o", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.json().path("to").path("flag").asText()).isEqualTo(flag);
    }

    @Test
    void backfillAndVerifyFollowTheRealJobsToTheirEndAndExitAsTheirStateSays() {
        inDualWrite();

        Run backfill = operator("backfill", "start", "--restart", "--rate", "0", "--reason", "cli it", "--wait");

        assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
        assertThat(backfill.out()).contains("backfill  DONE [####################] 100%");
        Run again = operator("backfill", "start", "--reason", "once more");
        assertThat(again.exit()).as("a DONE backfill starts again only with --restart: " + again.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(cli(VIEWER, "backfill", "status", "-o", "json").json().path("state").asText()).isEqualTo("DONE");

        Run verify = operator("verify", "--wait", "-o", "json");

        assertThat(verify.exit()).as(verify.err()).isIn(ExitCode.DONE, ExitCode.STORES_DIFFER);
        JsonNode report = verify.json();
        assertThat(report.path("state").asText()).isEqualTo("DONE");
        assertThat(verify.exit()).isEqualTo(report.path("clean").asBoolean() ? ExitCode.DONE : ExitCode.STORES_DIFFER);
        assertThat(report.path("items").size()).isEqualTo(report.path("differences").asInt());
        Run latest = cli(VIEWER, "verify", "status");
        assertThat(latest.exit()).isEqualTo(verify.exit());
        assertThat(latest.out()).contains("run " + report.path("runId").asLong() + " in DUAL_WRITE");
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
