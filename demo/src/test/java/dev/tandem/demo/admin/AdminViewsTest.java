package dev.tandem.demo.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void the_migration_status_is_read_with_extra_fields_ignored() throws Exception {
        MigrationView view = MigrationView.parse(json("{'phase':'SHADOW_READ','revision':12,'changedAt':'x',"
                + "'reads':{'flag':'auto','rampPercent':0,'effective':'legacy'},'nextPhase':'READ_ENGINE',"
                + "'autoCutover':{'enabled':true,'rampStep':1},'rollback':{'lossless':true},"
                + "'guards':[{'name':'engine-reachable','ok':true,'status':'OK','reason':'answers'},"
                + "{'name':'checker-lag','ok':false,'status':'UNKNOWN','reason':'no checker status'}]}"));
        assertThat(view.phase()).isEqualTo("SHADOW_READ");
        assertThat(view.autoCutover()).isTrue();
        assertThat(view.failingGuards()).extracting(GuardView::line).containsExactly("checker-lag: UNKNOWN (no checker status)");
        assertThat(MigrationView.parse(json("{'phase':'LEGACY_ONLY','revision':0,'reads':{'flag':'auto','rampPercent':0},"
                + "'nextPhase':'DUAL_WRITE','autoCutover':false,'guards':[]}")).autoCutover()).isFalse();
    }

    @Test
    void a_field_the_demo_uses_must_be_there_with_its_type() {
        assertThatThrownBy(() -> MigrationView.parse(json("{'revision':1,'reads':{'flag':'auto','rampPercent':0},'guards':[]}")))
                .isInstanceOf(AdminException.class)
                .hasMessage("GET /admin/migration answered an unexpected shape: field \"phase\" should be a string, found nothing");
        assertThatThrownBy(() -> MigrationView.parse(json("{'phase':'X','revision':1,'reads':{'flag':'auto','rampPercent':150},'guards':[]}")))
                .hasMessageContaining("rampPercent 150");
        assertThatThrownBy(() -> BackfillView.parse(json("{'state':'RUNNING','rowsScanned':'many'}")))
                .hasMessageContaining("GET /admin/backfill").hasMessageContaining("\"rowsScanned\" should be a whole number, found string");
        assertThatThrownBy(() -> VerificationView.parse(json("{'runId':3,'state':'DONE','rowsCompared':1,'chunksDone':1,"
                + "'chunksTotal':1,'rowsPerSecond':1.5,'differences':0}")))
                .hasMessageContaining("\"clean\" should be true or false");
    }

    @Test
    void job_statuses_are_read_as_documented() throws Exception {
        BackfillView backfill = BackfillView.parse(json("{'state':'RUNNING','rowsScanned':10,'rowsCopied':8,"
                + "'rowsSkippedExpiring':2,'estimatedTotalRows':100,'rowsPerSecond':12.5,'etaSeconds':null,"
                + "'liveOnlyInLegacy':2,'lastLegacyOnlyExpiry':'2026-11-27T13:00:00Z','extra':1}"));
        assertThat(backfill.etaSeconds()).isNull();
        assertThat(backfill.rowsSkippedExpiring()).isEqualTo(2);
        assertThat(backfill.throttledBecause()).isNull();
        assertThat(BackfillView.parse(json("{'state':'RUNNING','rowsScanned':10,'rowsCopied':8,'estimatedTotalRows':100,"
                + "'rowsPerSecond':10,'throttledBecause':'checker stalled: lag 42.0 s, rising 1.0 s/s; held at 10 rows/s'}"))
                .throttledBecause()).isEqualTo("checker stalled: lag 42.0 s, rising 1.0 s/s; held at 10 rows/s");
        VerificationView verification = VerificationView.parse(json("{'runId':3,'state':'DONE','phase':'DUAL_WRITE',"
                + "'rowsCompared':1000,'chunksDone':4,'chunksTotal':4,'rowsPerSecond':500000,'differences':0,"
                + "'clean':true,'fresh':true}"));
        assertThat(verification.runId()).isEqualTo("3");
        assertThat(verification.fresh()).isTrue();
        assertThat(DivergenceView.settled(json("{'settled':{'critical':0,'major':1,'minor':2},'lagSeconds':{}}")))
                .containsExactly(java.util.Map.entry("critical", 0L), java.util.Map.entry("major", 1L), java.util.Map.entry("minor", 2L));
        assertThat(DivergenceView.repairs(json("{'auto':true,'counts':{'repaired':3,'already_equal':1,'failed':0},'recent':[]}")))
                .containsEntry("repaired", 3L).containsEntry("failed", 0L);
    }

    @Test
    void answers_are_sorted_into_body_missing_endpoint_refusal_and_error() throws Exception {
        assertThat(AdminApi.answer("GET /admin/checker", 200, json("{'a':1}")).path("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> AdminApi.answer("GET /admin/backfill", 404, json("{'title':'Not Found'}")))
                .isInstanceOf(AdminException.Missing.class)
                .hasMessageStartingWith("GET /admin/backfill answered 404: this orchestrator has no such endpoint yet");
        assertThatThrownBy(() -> AdminApi.answer("POST /admin/migration/phase", 409,
                json("{'title':'Conflict','detail':'guard divergence-zero failed: settled divergence 3 keys'}")))
                .isInstanceOfSatisfying(AdminException.Refused.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("POST /admin/migration/phase was refused (409): guard divergence-zero failed: settled divergence 3 keys");
        assertThatThrownBy(() -> AdminApi.answer("GET /admin/migration", 401, json("{}")))
                .hasMessageContaining("admin token");
        assertThatThrownBy(() -> AdminApi.answer("GET /admin/migration", 500, JSON.getNodeFactory().textNode("boom")))
                .hasMessage("GET /admin/migration failed (500): boom");
    }
}
