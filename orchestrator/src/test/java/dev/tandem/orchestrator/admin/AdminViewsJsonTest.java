package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.control.AuditEntry;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.cutover.CutoverDecision;
import dev.tandem.orchestrator.cutover.CutoverLoop;
import dev.tandem.orchestrator.cutover.RampPlan;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.guard.RollbackReadiness;
import dev.tandem.orchestrator.instances.NodeIdClaims;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.repair.RecentRepair;
import dev.tandem.orchestrator.repair.RepairOutcome;
import dev.tandem.orchestrator.repair.RepairResult;
import dev.tandem.orchestrator.write.ReplayQueue;
import dev.tandem.testing.RandomTokens;
import dev.tandem.verification.Difference;
import dev.tandem.verification.DifferenceKind;
import dev.tandem.verification.VerificationReport;
import dev.tandem.verification.VerificationState;
import dev.tandem.verification.VerificationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's answers as the server writes them, byte for byte: field names, their order, and which nulls are
 * sent. The expected texts were taken from the views as they were built by hand (LinkedHashMaps) before they became
 * the records of {@code dev.tandem.admin.view}; scripts and the CLI's {@code -o json} rely on this shape.
 */
class AdminViewsJsonTest {
    /** Configured as Quarkus configures its mapper: times as ISO strings, nulls written. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123Z");
    private static final GuardVerdict LAGGING = GuardVerdict.failed("checker-caught-up", "lag 8 s > 5 s");
    private static final ControlState RAMPING = new ControlState(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 10, true, 7,
            AT);
    /** {@code status(RAMPING)}, as {@code GET /admin/migration} and the {@code state} of a change send it. */
    private static final String RAMPING_JSON = "{'phase':'READ_ENGINE','revision':7,"
            + "'changedAt':'2026-01-02T03:04:05.123Z','reads':{'flag':'auto','rampPercent':10,'effective':'split'},"
            + "'guards':[{'name':'checker-caught-up','ok':false,'status':'FAILED','reason':'lag 8 s > 5 s'},"
            + "{'name':'backfill-done','ok':true,'status':'OK','reason':'done'}],'mirrorFailures':2,"
            + "'nextPhase':'WRITE_ENGINE','pointOfNoReturn':'ENGINE_ONLY','autoCutover':true,'ramp':{'steps':[1,10,"
            + "50,100],'dwellSeconds':300,'currentPercent':10,'step':2,'stepSince':'2026-01-02T03:04:05.123Z',"
            + "'dwellEndsAt':'2026-01-02T03:09:05.123Z','lastDecision':{'at':'2026-01-02T03:05:00.123Z','revision':7,"
            + "'decision':'hold','reason':'dwell','outcome':null}},'rollbackReadiness':{'lossless':true,"
            + "'detail':'legacy holds every write'},'replayQueue':{'pending':3,'oldestSeconds':12,"
            + "'toward':{'legacy':0,'engine':3}},'instance':{'nodeId':1,'ready':true,'writesFenced':null},"
            + "'instances':[{'nodeId':1,'address':'127.0.0.1:8081','instance':'00000000-0000-0001-0000-000000000002',"
            + "'revision':7,'drainedRevision':6,'lastSeenMs':0}]}";

    @Test
    void repairResults() throws Exception {
        assertJson(CheckerViews.results(List.of(new RepairResult("ab12", RepairOutcome.REPAIRED, "copied"))),
                "{'results':[{'tokenId':'ab12','outcome':'repaired','detail':'copied'}]}");
    }

    @Test
    void repairs() throws Exception {
        Map<RepairOutcome, Long> counts = new LinkedHashMap<>();
        counts.put(RepairOutcome.REPAIRED, 1L);
        counts.put(RepairOutcome.FAILED, 0L);
        assertJson(CheckerViews.repairs(true, List.of(
                        new RecentRepair("ab12", VerdictKind.MISSING_IN_ENGINE, Severity.CRITICAL, AT,
                                AT.plusSeconds(1),
                                RepairOutcome.REPAIRED, "copied", "auto"),
                        new RecentRepair("cd34", null, null, null, AT, RepairOutcome.FAILED, null, "request")), counts),
                "{'auto':true,'recent':[{'tokenId':'ab12','kind':'missing_in_engine','severity':'critical',"
                        + "'detectedAt':'2026-01-02T03:04:05.123Z','repairedAt':'2026-01-02T03:04:06.123Z',"
                        + "'outcome':'repaired','detail':'copied','trigger':'auto'},{'tokenId':'cd34','kind':null,"
                        + "'severity':null,'detectedAt':null,'repairedAt':'2026-01-02T03:04:05.123Z',"
                        + "'outcome':'failed','detail':null,'trigger':'request'}],'counts':{'repaired':1,'failed':0}}");
    }

    @Test
    void audit() throws Exception {
        ControlState from = new ControlState(MigrationPhase.DUAL_WRITE, ReadFlag.LEGACY, 0, false, 2, AT);
        ControlState to = new ControlState(MigrationPhase.SHADOW_READ, ReadFlag.LEGACY, 0, false, 3, AT.plusSeconds(1));
        assertJson(AdminViews.audit(List.of(new AuditEntry(3, AT.plusSeconds(1), "phase", "operator", "go", from, to,
                true, List.of("switch-barrier: writes held 840 ms")))), "{'entries':[{'revision':3,"
                        + "'at':'2026-01-02T03:04:06.123Z','action':'phase','actor':'operator','reason':'go',"
                        + "'from':{'phase':'DUAL_WRITE','flag':'legacy','rampPercent':0,'autoCutover':false},"
                        + "'to':{'phase':'SHADOW_READ','flag':'legacy','rampPercent':0,'autoCutover':false},"
                        + "'forced':true,'guards':['switch-barrier: writes held 840 ms']}]}");
    }

    @Test
    void divergence() throws Exception {
        TokenRecord legacy = new RandomTokens(11).record();
        Divergence divergence = new Divergence("ab12", VerdictKind.MISSING_IN_ENGINE, Severity.CRITICAL, List.of(),
                legacy, null, AT, AT.plusSeconds(1));
        String expected = "{'settled':{'critical':1,'major':0,'minor':0},'total':1,'shown':1,'reporting':true,"
                + "'items':[{'tokenId':'ab12','kind':'missing_in_engine','severity':'critical','fields':[],"
                + "'legacy':LEGACY,'engine':null,'since':'2026-01-02T03:04:05.123Z',"
                + "'detectedAt':'2026-01-02T03:04:06.123Z'}]}";
        // The record as the checker's topics carry it, every field with its null.
        assertJson(CheckerViews.divergence(snapshot(), null, List.of(divergence)),
                expected.replace("LEGACY", ChangeEventCodec.encodeRecord(legacy).toString().replace('"', '\'')));
    }

    @Test
    void checker() throws Exception {
        assertJson(CheckerViews.checker(snapshot()), "{'reporting':true,'at':'2026-01-02T03:04:05.123Z',"
                + "'instances':[{'instance':'checker-1','state':'RUNNING','reportedAt':'2026-01-02T03:04:04.123Z',"
                + "'ageSeconds':1.2,'fresh':true,'partitions':[0,1]}],'lagSeconds':{'legacy':0.5,'engine':1.5},"
                + "'eventsPerSecond':120.5,'pending':4,'settled':{'critical':1,'major':0,'minor':0},"
                + "'byKind':{'missing_in_engine':1,'missing_in_legacy':0,'field_mismatch':0},"
                + "'deadLetters':{'legacy':0,'engine':2},'partitions':{'covered':[0,1],'expected':3,'uncovered':[2]}}");
    }

    @Test
    void verification() throws Exception {
        VerificationStatus status = new VerificationStatus(4, VerificationState.DONE, "SHADOW_READ", AT,
                AT.plusSeconds(60), 1000, 10, 10, 499.6, 1, false, null, null);
        assertJson(JobViews.verification(status, true, Duration.ofHours(24)), "{'runId':4,'state':'DONE',"
                + "'phase':'SHADOW_READ','startedAt':'2026-01-02T03:04:05.123Z',"
                + "'finishedAt':'2026-01-02T03:05:05.123Z','rowsCompared':1000,'chunksDone':10,'chunksTotal':10,"
                + "'rowsPerSecond':500,'differences':1,'clean':false,'active':false,'owner':null,'error':null,"
                + "'fresh':true,'maxAge':'PT24H'}");
        VerificationStatus running = new VerificationStatus(5, VerificationState.RUNNING, "SHADOW_READ", AT, null, 0, 0,
                10, 0, 0, true, "1@host", null);
        assertJson(JobViews.verification(running, false, Duration.ofHours(24)), "{'runId':5,'state':'RUNNING',"
                + "'phase':'SHADOW_READ','startedAt':'2026-01-02T03:04:05.123Z','finishedAt':null,'rowsCompared':0,"
                + "'chunksDone':0,'chunksTotal':10,'rowsPerSecond':0,'differences':0,'clean':false,'active':true,"
                + "'owner':'1@host','error':null,'fresh':false,'maxAge':'PT24H'}");
    }

    /** The report the server sends is the one {@code VerificationMain} prints, field for field and in order. */
    @Test
    void verificationReport() throws Exception {
        VerificationStatus status = new VerificationStatus(4, VerificationState.DONE, "SHADOW_READ", AT,
                AT.plusSeconds(60), 1000, 10, 10, 499.6, 2, false, null, null);
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("id", "ab12");
        legacy.put("familyId", null);
        VerificationReport report = new VerificationReport(status, List.of(
                new Difference("ab12", DifferenceKind.MISSING_IN_ENGINE, List.of(), legacy, null, null),
                new Difference("cd34", DifferenceKind.UNREADABLE_IN_LEGACY, List.of(), null, null, "bad scope")));
        assertJson(JobViews.report(report), JSON.writeValueAsString(JSON.readTree(report.toJson())).replace('"', '\''));
    }

    @Test
    void migrationStatus() throws Exception {
        assertJson(AdminViews.status(status(RAMPING)), RAMPING_JSON);
        ControlState initial = ControlState.initial();
        assertJson(AdminViews.status(new MigrationSnapshot(initial, MigrationPhase.DUAL_WRITE, List.of(), 0, 0, false,
                "the control lease lapsed", List.of(), new RollbackReadiness(true, "legacy is the primary"),
                new RampPlan(List.of(100), Duration.ZERO), null, new ReplayQueue.Summary(0, null, 0, 0))),
                "{'phase':'LEGACY_ONLY',"
                        + "'revision':0,'changedAt':null,'reads':{'flag':'auto','rampPercent':100,"
                        + "'effective':'legacy'},'guards':[],'mirrorFailures':0,'nextPhase':'DUAL_WRITE',"
                        + "'pointOfNoReturn':'ENGINE_ONLY','autoCutover':false,'ramp':{'steps':[100],"
                        + "'dwellSeconds':0,'currentPercent':null,'step':null,'stepSince':null,'dwellEndsAt':null,"
                        + "'lastDecision':null},'rollbackReadiness':{'lossless':true,"
                        + "'detail':'legacy is the primary'},'replayQueue':{'pending':0,'oldestSeconds':null,"
                        + "'toward':{'legacy':0,'engine':0}},'instance':{'nodeId':0,'ready':false,"
                        + "'writesFenced':'the control lease lapsed'},'instances':[]}");
    }

    @Test
    void changeResultsOfEveryShape() throws Exception {
        ControlState before = new ControlState(MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 10, false, 6, AT);
        MigrationSnapshot after = status(RAMPING);
        assertJson(AdminViews.phaseChange(new ChangeOutcome("phase", true, false, before, RAMPING, true,
                List.of(LAGGING), null), after), "{'action':'phase','applied':true,'dryRun':false,'refused':false,"
                        + "'refusal':null,'forced':true,'guards':[{'name':'checker-caught-up','ok':false,"
                        + "'status':'FAILED','reason':'lag 8 s > 5 s'}],'revision':7,'from':'SHADOW_READ',"
                        + "'to':'READ_ENGINE','entersPointOfNoReturn':false,'state':" + RAMPING_JSON + "}");
        ControlState engine = new ControlState(MigrationPhase.READ_ENGINE, ReadFlag.ENGINE, 50, true, 8, AT);
        assertJson(AdminViews.readsChange(new ChangeOutcome("reads", false, true, RAMPING, engine, false, List.of(),
                "refused because"), after), "{'action':'reads','applied':false,'dryRun':true,'refused':true,"
                        + "'refusal':'refused because','forced':false,'guards':[],'revision':8,'from':{'flag':'auto',"
                        + "'rampPercent':10},'to':{'flag':'engine','rampPercent':50},'state':" + RAMPING_JSON + "}");
        ControlState off = new ControlState(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 10, false, 8, AT);
        assertJson(AdminViews.autoCutoverChange(new ChangeOutcome("auto-cutover", true, false, RAMPING, off, false,
                List.of(), null), after), "{'action':'auto-cutover','applied':true,'dryRun':false,'refused':false,"
                        + "'refusal':null,'forced':false,'guards':[],'revision':8,'from':{'autoCutover':true},"
                        + "'to':{'autoCutover':false},'state':" + RAMPING_JSON + "}");
    }

    private static MigrationSnapshot status(ControlState state) {
        // Seen "later" than now, so that lastSeenMs is 0 however slowly the test runs.
        long later = System.nanoTime() + Duration.ofHours(1).toNanos();
        NodeIdClaims.Peer peer = new NodeIdClaims.Peer(new UUID(1, 2), 1, 0, 0, later, 7, 6, "127.0.0.1:8081", false);
        return new MigrationSnapshot(state, MigrationPhase.WRITE_ENGINE, List.of(LAGGING, GuardVerdict.ok("backfill-done",
                "done")), 2, 1, true, null, List.of(peer), new RollbackReadiness(true, "legacy holds every write"),
                new RampPlan(List.of(1, 10, 50, 100), Duration.ofMinutes(5)),
                new CutoverLoop.LastDecision(AT.plusSeconds(55), 7, new CutoverDecision.Hold("dwell"), null),
                new ReplayQueue.Summary(3, 12L, 0, 3));
    }

    private static CheckerSnapshot snapshot() {
        Map<Side, Long> lag = Map.of(Side.LEGACY, 500L, Side.ENGINE, 1500L);
        CheckerSnapshot.Instance instance = new CheckerSnapshot.Instance("checker-1", "RUNNING", AT.minusSeconds(1),
                Duration.ofMillis(1200), true, List.of(0, 1));
        return new CheckerSnapshot(AT, true, List.of(instance), lag, 120.5, 4, Map.of(Severity.CRITICAL, 1L),
                Map.of(VerdictKind.MISSING_IN_ENGINE, 1L), Map.of(Side.ENGINE, 2L), List.of(0, 1), 3,
                Map.of(Side.LEGACY, -1L, Side.ENGINE, -1L));
    }

    private static void assertJson(Object view, String expected) throws Exception {
        assertThat(JSON.writeValueAsString(view)).isEqualTo(expected.replace('\'', '"'));
    }
}
