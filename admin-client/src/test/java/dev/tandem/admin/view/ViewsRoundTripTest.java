package dev.tandem.admin.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each record reads the orchestrator's answer (samples in the shapes the server sends) and writes it back field for
 * field, so that a client loses or renames nothing it reads; and reads an answer with fields it does not know. The
 * server builds these very records (AdminViews, CheckerViews, JobViews); its AdminViewsJsonTest pins what they write,
 * byte for byte. The backfill's answer is still the backfill module's own record, so its sample stands for it here.
 */
class ViewsRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String GUARD = "{'name':'checker-caught-up','ok':false,'status':'FAILED','reason':'lag 8 s > 5 s'}";
    static final String MIGRATION = ("{'phase':'READ_ENGINE','revision':7,'changedAt':'2026-01-02T03:04:05.123Z',"
            + "'reads':{'flag':'auto','rampPercent':10,'effective':'split'},'guards':[" + GUARD + "],"
            + "'mirrorFailures':2,'nextPhase':'ENGINE_PRIMARY','pointOfNoReturn':'ENGINE_PRIMARY','autoCutover':true,"
            + "'ramp':{'steps':[1,10,50,100],'dwellSeconds':300,'currentPercent':10,'step':2,"
            + "'stepSince':'2026-01-02T03:04:05Z','dwellEndsAt':'2026-01-02T03:09:05Z',"
            + "'lastDecision':{'at':'2026-01-02T03:05:00Z','revision':7,'decision':'hold','reason':'dwell','outcome':null}},"
            + "'rollbackReadiness':{'lossless':true,'detail':'legacy holds every write'},"
            + "'replayQueue':{'pending':3,'oldestSeconds':12,'toward':{'legacy':0,'engine':3}},"
            + "'instance':{'nodeId':1,'ready':true,'writesFenced':null},"
            + "'instances':[{'nodeId':1,'address':'127.0.0.1:8081','instance':'a-b','revision':7,'drainedRevision':7,"
            + "'lastSeenMs':120}]}");

    @Test
    void migrationStatus() throws Exception {
        roundTrips(MIGRATION, MigrationStatus.class);
        assertThat(read(MIGRATION, MigrationStatus.class).failingGuards()).singleElement()
                .satisfies(guard -> assertThat(guard.line()).isEqualTo("checker-caught-up: FAILED (lag 8 s > 5 s)"));
    }

    @Test
    void changeResultsOfEveryShape() throws Exception {
        String change = "{'action':'%s','applied':true,'dryRun':false,'refused':false,'refusal':null,'forced':false,"
                + "'guards':[" + GUARD + "],'revision':8,'from':%s,'to':%s,%s'state':" + MIGRATION + "}";
        roundTrips(change.formatted("phase", "'DUAL_WRITE'", "'SHADOW_READ'", "'entersPointOfNoReturn':false,"),
                ChangeResult.class);
        roundTrips(change.formatted("reads", "{'flag':'legacy','rampPercent':0}", "{'flag':'engine','rampPercent':0}", ""),
                ChangeResult.class);
        roundTrips(change.formatted("auto-cutover", "{'autoCutover':false}", "{'autoCutover':true}", ""), ChangeResult.class);
        assertThat(read(change.formatted("phase", "'DUAL_WRITE'", "'SHADOW_READ'", ""), ChangeResult.class).to())
                .isEqualTo(ControlPoint.ofPhase("SHADOW_READ"));
    }

    @Test
    void audit() throws Exception {
        roundTrips("{'entries':[{'revision':3,'at':'2026-01-02T03:04:05Z','action':'phase','actor':'operator',"
                + "'reason':'go','from':{'phase':'DUAL_WRITE','flag':'legacy','rampPercent':0,'autoCutover':false},"
                + "'to':{'phase':'SHADOW_READ','flag':'legacy','rampPercent':0,'autoCutover':false},'forced':true,"
                + "'guards':['switch-barrier: writes held 840 ms']}]}", Audit.class);
    }

    @Test
    void divergence() throws Exception {
        roundTrips("{'settled':{'critical':1,'major':0,'minor':2},'total':3,'shown':1,'reporting':true,'items':[{"
                + "'tokenId':'ab12','kind':'field_mismatch','severity':'critical','fields':['scope'],"
                + "'legacy':{'tokenHash':'x','scope':'read'},'engine':null,'since':'2026-01-02T03:04:05Z',"
                + "'detectedAt':'2026-01-02T03:04:06Z'}]}", Divergences.class);
    }

    @Test
    void checker() throws Exception {
        roundTrips("{'reporting':true,'at':'2026-01-02T03:04:05Z','instances':[{'instance':'checker-1','state':'RUNNING',"
                + "'reportedAt':'2026-01-02T03:04:04Z','ageSeconds':1.2,'fresh':true,'partitions':[0,1]}],"
                + "'lagSeconds':{'legacy':0.5,'engine':1.5},'eventsPerSecond':120.5,'pending':4,"
                + "'settled':{'critical':0,'major':1,'minor':0},'byKind':{'missing_in_engine':1,'field_mismatch':0},"
                + "'deadLetters':{'legacy':0,'engine':2},'partitions':{'covered':[0,1],'expected':3,'uncovered':[2]}}",
                CheckerStatus.class);
    }

    @Test
    void repair() throws Exception {
        roundTrips("{'auto':true,'recent':[{'tokenId':'ab12','kind':'missing_in_engine','severity':'critical',"
                + "'detectedAt':'2026-01-02T03:04:05Z','repairedAt':'2026-01-02T03:04:06Z','outcome':'repaired',"
                + "'detail':'copied','trigger':'auto'}],'counts':{'repaired':1,'failed':0}}", Repairs.class);
        String results = "{'results':[{'tokenId':'ab12','outcome':'repaired','detail':'copied'},"
                + "{'tokenId':'cd34','outcome':'failed','detail':'the engine store is down'}]}";
        roundTrips(results, RepairResults.class);
        assertThat(read(results, RepairResults.class).anyFailed()).isTrue();
    }

    @Test
    void backfill() throws Exception {
        roundTrips("{'state':'RUNNING','rowsScanned':450000,'rowsCopied':400000,'rowsSkippedExpired':30000,"
                + "'rowsSkippedExpiring':20000,'rowsSkippedNewerInEngine':0,'estimatedTotalRows':1000000,"
                + "'rowsPerSecond':19876.5,'effectiveRowsPerSecond':20000,'throttledBecause':null,'etaSeconds':28,"
                + "'lastId':'450000','liveOnlyInLegacy':5,'lastLegacyOnlyExpiry':'2026-01-02T04:00:00Z','owner':'node-1',"
                + "'leaseUntil':'2026-01-02T03:05:05Z','settings':{'chunkSize':5000,'rowsPerSecond':20000,"
                + "'expiryHorizonSeconds':300,'lagThresholdMs':5000,'leaseSeconds':30},'startedAt':'2026-01-02T03:00:00Z',"
                + "'updatedAt':'2026-01-02T03:04:05Z','finishedAt':null,'error':null}", BackfillStatus.class);
    }

    @Test
    void verification() throws Exception {
        roundTrips("{'runId':4,'state':'DONE','phase':'SHADOW_READ','startedAt':'2026-01-02T03:00:00Z',"
                + "'finishedAt':'2026-01-02T03:01:00Z','rowsCompared':1000,'chunksDone':10,'chunksTotal':10,"
                + "'rowsPerSecond':500,'differences':1,'clean':false,'active':false,'owner':null,'error':null,"
                + "'fresh':true,'maxAge':'PT24H'}", VerificationStatus.class);
        String report = "{'runId':4,'state':'DONE','phase':'SHADOW_READ','startedAt':'2026-01-02T03:00:00Z',"
                + "'finishedAt':'2026-01-02T03:01:00Z','rowsCompared':1000,'chunksDone':10,'chunksTotal':10,"
                + "'rowsPerSecond':500,'differences':2,'clean':false,'active':false,'owner':null,'error':null,'items':["
                + "{'entity':'token','id':'ab12','kind':'missing_in_engine','fields':[],'legacy':{'tokenHash':'x'},'engine':null},"
                + "{'entity':'client','id':'app-1','kind':'unreadable_in_legacy','fields':[],'legacy':null,'engine':null,'detail':'bad scope'}]}";
        roundTrips(report, VerificationReport.class);
        assertThat(read(report, VerificationReport.class).items()).first()
                .satisfies(item -> assertThat(item.id()).isEqualTo("ab12"));
        // A server older than client verification sends no entity: its differences are tokens'.
        assertThat(read(report.replace("'entity':'token',", ""), VerificationReport.class).items()).first()
                .satisfies(item -> assertThat(item.entity()).isEqualTo(VerificationReport.Difference.TOKEN));
    }

    @Test
    void problem() throws Exception {
        roundTrips("{'title':'Conflict','detail':'the step to SHADOW_READ is blocked by 1 guard','status':409,"
                + "'guards':[" + GUARD + "],'from':'DUAL_WRITE','allowed':['SHADOW_READ']}", Problem.class);
    }

    @Test
    void fieldsOfANewerServerAreIgnored() throws Exception {
        MigrationStatus status = read("{'phase':'DUAL_WRITE','shinyNewField':{'a':1},'reads':{'flag':'legacy','x':1},"
                + "'guards':[{'name':'g','ok':true,'weight':3}]}", MigrationStatus.class);
        assertThat(status.phase()).isEqualTo("DUAL_WRITE");
        assertThat(status.reads().flag()).isEqualTo("legacy");
        assertThat(status.guards()).singleElement().satisfies(guard -> assertThat(guard.ok()).isTrue());
    }

    private static <T> T read(String sample, Class<T> type) throws Exception {
        return JSON.readValue(sample.replace('\'', '"'), type);
    }

    private static void roundTrips(String sample, Class<?> type) throws Exception {
        JsonNode sent = JSON.readTree(sample.replace('\'', '"'));
        JsonNode written = JSON.readTree(JSON.writeValueAsString(read(sample, type)));
        assertThat(written).isEqualTo(sent);
    }
}
