package dev.tandem.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.Problem;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Human output of the admin API's answers, in the shapes the orchestrator's AdminViews writes. */
class HumanOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static <T> T json(Class<T> type, String text) throws IOException {
        return JSON.readValue(text.replace('\'', '"'), type);
    }

    private static final String STATUS = """
            {'phase':'DUAL_WRITE','revision':3,'changedAt':'2026-03-01T10:15:30.123456Z',
             'reads':{'flag':'auto','rampPercent':100,'effective':'legacy'},
             'guards':[{'name':'engine-reachable','ok':true,'status':'OK','reason':'the engine answered in 4 ms'},
                       {'name':'divergence-zero','ok':false,'status':'UNKNOWN','reason':'divergence is not measured yet'}],
             'mirrorFailures':2,'nextPhase':'SHADOW_READ','pointOfNoReturn':'ENGINE_ONLY','autoCutover':false,
             'instance':{'nodeId':1,'ready':true}}""";

    @Test
    void statusShowsPhaseReadsMirrorAndEveryGuardOfTheNextStep() throws IOException {
        assertThat(HumanOutput.status(json(MigrationStatus.class, STATUS))).isEqualTo("""
                phase     DUAL_WRITE (revision 3, since 2026-03-01T10:15:30Z)
                reads     flag auto, ramp 100% -> served by legacy
                mirror    2 failed mirror writes on this instance since it started
                cutover   automatic off
                instance  node 1, caught up with the control log
                guards of the next step, DUAL_WRITE -> SHADOW_READ:
                  ok       engine-reachable  the engine answered in 4 ms
                  unknown  divergence-zero   divergence is not measured yet
                """);
    }

    @Test
    void statusShowsTheRampTheLoopsLastLookAndRollbackReadiness() throws IOException {
        String status = HumanOutput.status(json(MigrationStatus.class, STATUS
                .replace("'DUAL_WRITE'", "'READ_ENGINE'").replace("'autoCutover':false", "'autoCutover':true,"
                        + "'ramp':{'steps':[1,10,50,100],'dwellSeconds':300,'currentPercent':10,'step':2,"
                        + "'stepSince':'2026-03-01T10:15:30Z','dwellEndsAt':'2026-03-01T10:20:30.5Z',"
                        + "'lastDecision':{'at':'2026-03-01T10:16:00.25Z','revision':3,'decision':'hold',"
                        + "'reason':'dwelling at ramp 10% until 2026-03-01T10:20:30Z (270 s left)','outcome':'hold'}},"
                        + "'rollbackReadiness':{'lossless':false,'detail':'2 writes acknowledged by the engine are not mirrored'}")));

        assertThat(status).contains("""
                cutover   automatic on, ramp at step 2 of 4 (10%) (steps 1% > 10% > 50% > 100%, dwell 300 s, ends 2026-03-01T10:20:30Z)
                          last look 2026-03-01T10:16:00Z: hold, dwelling at ramp 10% until 2026-03-01T10:20:30Z (270 s left)
                rollback  WOULD LOSE WRITES: 2 writes acknowledged by the engine are not mirrored
                """);
    }

    @Test
    void statusShowsTheReplayQueueOfEveryInstance() throws IOException {
        String pending = HumanOutput.status(json(MigrationStatus.class, STATUS.replace("'autoCutover':false", "'autoCutover':false,"
                + "'replayQueue':{'pending':3,'oldestSeconds':12,'toward':{'legacy':0,'engine':3}}")));
        String empty = HumanOutput.status(json(MigrationStatus.class, STATUS.replace("'autoCutover':false", "'autoCutover':false,"
                + "'replayQueue':{'pending':0,'oldestSeconds':null,'toward':{'legacy':0,'engine':0}}")));

        assertThat(pending).contains("replay    queue 3 pending (oldest 12s): 3 toward engine\n");
        assertThat(empty).contains("replay    queue empty (every failed mirror write replayed)\n");
    }

    @Test
    void aCutoverSwitchShowsWhatChanged() throws IOException {
        String answer = HumanOutput.change("cutover", json(ChangeResult.class, "{'action':'auto-cutover','applied':true,'dryRun':false,"
                + "'refused':false,'forced':false,'guards':[],'revision':8,'from':{'autoCutover':false},"
                + "'to':{'autoCutover':true},'state':{'phase':'SHADOW_READ','revision':8,'autoCutover':true,"
                + "'reads':{'flag':'auto','rampPercent':100,'effective':'legacy'}}}"));

        assertThat(answer).isEqualTo("""
                cutover auto-cutover off -> on: applied, revision 8
                now: phase SHADOW_READ, flag auto, ramp 100% -> served by legacy, auto-cutover on (revision 8)
                """);
    }

    @Test
    void aDryRunIntoThePointOfNoReturnSaysSoAndListsEveryVerdict() throws IOException {
        String answer = HumanOutput.change("phase", json(ChangeResult.class, "{'action':'phase','applied':false,'dryRun':true,"
                + "'refused':true,'refusal':'WRITE_ENGINE -> ENGINE_ONLY refused: ENGINE_ONLY is the POINT_OF_NO_RETURN',"
                + "'forced':false,'revision':9,'from':'WRITE_ENGINE','to':'ENGINE_ONLY','entersPointOfNoReturn':true,"
                + "'guards':[{'name':'engine-reachable','ok':true,'status':'OK','reason':'4 ms'},"
                + "{'name':'checker-lag','ok':false,'status':'UNKNOWN','reason':'no reports'}]}"));

        assertThat(answer).isEqualTo("""
                dry run: phase WRITE_ENGINE -> ENGINE_ONLY would be refused: WRITE_ENGINE -> ENGINE_ONLY refused: ENGINE_ONLY is the POINT_OF_NO_RETURN; nothing was changed
                ENGINE_ONLY is the point of no return: once entered, legacy receives no writes and no rollback is possible
                guards:
                  ok       engine-reachable  4 ms
                  unknown  checker-lag       no reports
                """);
    }

    @Test
    void statusWarnsWhenTheNextStepIsThePointOfNoReturn() throws IOException {
        String status = HumanOutput.status(json(MigrationStatus.class, STATUS.replace("'DUAL_WRITE'", "'WRITE_ENGINE'").replace("'SHADOW_READ'", "'ENGINE_ONLY'")));

        assertThat(status).contains("guards of the next step, WRITE_ENGINE -> ENGINE_ONLY (the point of no return):");
    }

    @Test
    void statusInTheLastPhaseSaysThereIsNoStepForward() throws IOException {
        String status = HumanOutput.status(json(MigrationStatus.class, "{'phase':'ENGINE_ONLY','revision':9,'reads':{'flag':'auto','rampPercent':100,"
                + "'effective':'engine'},'guards':[],'mirrorFailures':0,'nextPhase':null}"));

        assertThat(status).endsWith("no forward step from ENGINE_ONLY\n");
    }

    @Test
    void missingFieldsShowAsQuestionMarksInsteadOfFailing() throws IOException {
        assertThat(HumanOutput.status(json(MigrationStatus.class, "{}"))).startsWith("phase     ?\nreads     flag ?, ramp ?% -> served by ?\n");
    }

    @Test
    void anAppliedPhaseStepNamesFromToAndTheNewRevision() throws IOException {
        String out = HumanOutput.change("phase", json(ChangeResult.class, """
                {'action':'phase','applied':true,'dryRun':false,'refused':false,'refusal':null,'forced':true,
                 'guards':[{'name':'divergence-zero','ok':false,'status':'UNKNOWN','reason':'not measured yet'}],
                 'revision':4,'from':'DUAL_WRITE','to':'SHADOW_READ',
                 'state':{'phase':'SHADOW_READ','revision':4,'reads':{'flag':'auto','rampPercent':100,'effective':'legacy'}}}"""));

        assertThat(out).isEqualTo("""
                phase DUAL_WRITE -> SHADOW_READ (forced): applied, revision 4
                now: phase SHADOW_READ, flag auto, ramp 100% -> served by legacy (revision 4)
                guards:
                  unknown  divergence-zero  not measured yet
                """);
    }

    @Test
    void aDryRunThatWouldBeRefusedSaysSoAndThatNothingChanged() throws IOException {
        String out = HumanOutput.change("phase", json(ChangeResult.class, """
                {'action':'phase','applied':false,'dryRun':true,'refused':true,
                 'refusal':'DUAL_WRITE -> SHADOW_READ refused: 1 of 2 guards are not OK (divergence-zero)',
                 'forced':false,'guards':[],'revision':4,'from':'DUAL_WRITE','to':'SHADOW_READ',
                 'state':{'phase':'DUAL_WRITE','revision':3,'reads':{'flag':'auto','rampPercent':100,'effective':'legacy'}}}"""));

        assertThat(out).startsWith("dry run: phase DUAL_WRITE -> SHADOW_READ would be refused: DUAL_WRITE -> SHADOW_READ"
                + " refused: 1 of 2 guards are not OK (divergence-zero); nothing was changed\n"
                + "current: phase DUAL_WRITE, flag auto, ramp 100% -> served by legacy (revision 3)\n");
    }

    @Test
    void aRollbackShowsTheFlagItChanged() throws IOException {
        String out = HumanOutput.change("rollback", json(ChangeResult.class, """
                {'action':'rollback','applied':true,'dryRun':false,'refused':false,'forced':false,'guards':[],'revision':6,
                 'from':{'flag':'engine','rampPercent':30},'to':{'flag':'legacy','rampPercent':30}}"""));

        assertThat(out).isEqualTo("rollback flag engine -> legacy: applied, revision 6\n");
    }

    @Test
    void aRollbackWhenReadsAlreadyGoToLegacySaysUnchanged() throws IOException {
        String out = HumanOutput.change("rollback", json(ChangeResult.class, """
                {'applied':true,'dryRun':true,'from':{'flag':'legacy','rampPercent':100},'to':{'flag':'legacy','rampPercent':100}}"""));

        assertThat(out).isEqualTo("dry run: rollback unchanged (flag legacy, ramp 100%) would be applied; nothing was changed\n");
    }

    @Test
    void aRefusalByTheStateMachineNamesTheAllowedSteps() throws IOException {
        String out = HumanOutput.refusal("phase", json(Problem.class, """
                {'title':'Change refused','status':409,'detail':'LEGACY_ONLY -> READ_ENGINE is not a step (one forward at a time)',
                 'from':'LEGACY_ONLY','to':'READ_ENGINE','allowed':['DUAL_WRITE']}"""));

        assertThat(out).isEqualTo("""
                refused: LEGACY_ONLY -> READ_ENGINE is not a step (one forward at a time)
                allowed from LEGACY_ONLY: DUAL_WRITE
                """);
    }

    @Test
    void auditIsOneLinePerChangeOldestFirst() throws IOException {
        String out = HumanOutput.audit(json(Audit.class, """
                {'entries':[
                 {'revision':1,'at':'2026-03-01T10:15:30.5Z','action':'phase','actor':'oncall','reason':'start dual write',
                  'from':{'phase':'LEGACY_ONLY','flag':'auto','rampPercent':100},'to':{'phase':'DUAL_WRITE','flag':'auto','rampPercent':100},
                  'forced':true,'guards':['engine-reachable: OK (4 ms)']},
                 {'revision':2,'at':'2026-03-01T10:20:00Z','action':'rollback','actor':'alice','reason':'INC-7 p99',
                  'from':{'phase':'DUAL_WRITE','flag':'engine','rampPercent':100},'to':{'phase':'DUAL_WRITE','flag':'legacy','rampPercent':100},
                  'forced':false,'guards':[]}]}"""));

        assertThat(out).isEqualTo("""
                REV  AT                    ACTOR   ACTION    CHANGE                                    REASON
                1    2026-03-01T10:15:30Z  oncall  phase     phase LEGACY_ONLY -> DUAL_WRITE (forced)  start dual write
                2    2026-03-01T10:20:00Z  alice   rollback  flag engine -> legacy                     INC-7 p99
                """);
    }

    @Test
    void anEmptyAuditSaysSo() throws IOException {
        assertThat(HumanOutput.audit(json(Audit.class, "{'entries':[]}"))).isEqualTo("no changes recorded yet\n");
    }
}
