package dev.tandem.demo.walk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.Operation;
import dev.tandem.demo.workload.WorkloadStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A GET /admin/migration answer; guards given as name, ok, reason triples. */
    static MigrationStatus migration(String phase, String next, String flag, int ramp, Object... guards) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("phase", phase).put("revision", 7).put("nextPhase", next).put("autoCutover", true)
                .put("somethingNew", "ignored");
        body.putObject("reads").put("flag", flag).put("rampPercent", ramp).put("effective", "legacy");
        ArrayNode list = body.putArray("guards");
        for (int i = 0; i < guards.length; i += 3) {
            boolean ok = (Boolean) guards[i + 1];
            list.addObject().put("name", (String) guards[i]).put("ok", ok).put("status", ok ? "OK" : "FAILED")
                    .put("reason", (String) guards[i + 2]);
        }
        return JSON.treeToValue(body, MigrationStatus.class);
    }

    /** A GET /admin/verification answer. */
    static VerificationStatus verification(long runId, String state, String phase, boolean clean, Boolean fresh)
            throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("runId", runId).put("state", state).put("phase", phase).put("rowsCompared", 1000).put("chunksDone", 4)
                .put("chunksTotal", 4).put("rowsPerSecond", 50_000).put("differences", clean ? 0 : 3).put("clean", clean)
                .put("fresh", fresh);
        return JSON.treeToValue(body, VerificationStatus.class);
    }

    /** A GET /admin/backfill answer, 500 of ~1,000 rows scanned. */
    static BackfillStatus backfill(String state, String lastLegacyOnlyExpiry, String throttledBecause, String error)
            throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("state", state).put("rowsScanned", 500).put("rowsCopied", 480).put("rowsSkippedExpiring", 20)
                .put("estimatedTotalRows", 1000).put("rowsPerSecond", 2500.0).put("etaSeconds", 0)
                .put("liveOnlyInLegacy", 20).put("lastLegacyOnlyExpiry", lastLegacyOnlyExpiry)
                .put("throttledBecause", throttledBecause).put("error", error);
        return JSON.treeToValue(body, BackfillStatus.class);
    }

    static BackfillStatus backfill(String state) throws Exception {
        return backfill(state, "2026-11-27T13:00:00Z", null, null);
    }

    @Test
    void a_step_is_requested_only_when_every_guard_passes() throws Exception {
        assertThat(Decisions.step(migration("DUAL_WRITE", "SHADOW_READ", "auto", 0,
                "engine-reachable", true, "ok", "backfill-complete", true, "done"), "SHADOW_READ"))
                .isInstanceOf(Decisions.Request.class);
        Decisions.Step wait = Decisions.step(migration("DUAL_WRITE", "SHADOW_READ", "auto", 0,
                "engine-reachable", true, "ok", "divergence-zero", false, "settled divergence zero for 4s, must be 0 for 10s"),
                "SHADOW_READ");
        assertThat(wait).isInstanceOfSatisfying(Decisions.Wait.class, w -> {
            assertThat(w.failing()).extracting("name").containsExactly("divergence-zero");
            assertThat(Decisions.describe(w.failing()))
                    .isEqualTo("divergence-zero: FAILED (settled divergence zero for 4s, must be 0 for 10s)");
        });
    }

    @Test
    void a_step_arrives_when_the_phase_is_the_target_and_is_unexpected_when_it_is_not_next() throws Exception {
        assertThat(Decisions.step(migration("WRITE_ENGINE", "ENGINE_ONLY", "auto", 100), "WRITE_ENGINE"))
                .isInstanceOf(Decisions.Arrived.class);
        assertThat(Decisions.step(migration("LEGACY_ONLY", "DUAL_WRITE", "auto", 0), "SHADOW_READ"))
                .isInstanceOfSatisfying(Decisions.Unexpected.class, u -> assertThat(u.why())
                        .contains("in LEGACY_ONLY").contains("next step is DUAL_WRITE, not SHADOW_READ"));
        assertThat(Decisions.step(migration("ENGINE_ONLY", null, "auto", 100), "WRITE_ENGINE"))
                .isInstanceOfSatisfying(Decisions.Unexpected.class, u -> assertThat(u.why()).contains("next step is none"));
    }

    @Test
    void the_backfill_is_waited_for_until_done_and_a_pause_or_failure_stops_the_walk() throws Exception {
        assertThat(Decisions.backfill(backfill("RUNNING")).progress()).isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.backfill(backfill("NOT_STARTED")).progress()).isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.backfill(backfill("DONE")).progress()).isEqualTo(Decisions.Progress.DONE);
        assertThat(Decisions.backfill(backfill("PAUSED")).why()).contains("PAUSED").contains("./tandem backfill resume");
        assertThat(Decisions.backfill(JSON.readValue("{}", BackfillStatus.class)).progress())
                .as("a job never started has no state yet").isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.backfill(backfill("FAILED", null, null, "engine down")).why())
                .isEqualTo("the backfill FAILED: engine down");
        assertThat(Decisions.backfill(backfill("EXPLODED")).why()).contains("EXPLODED").contains("valid:");
    }

    @Test
    void a_verification_counts_only_once_the_status_shows_the_run_started() throws Exception {
        VerificationStatus older = verification(6, "DONE", "DUAL_WRITE", true, true);
        assertThat(Decisions.verification(older, 7L, 6L).progress()).isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.verification(older, null, 6L).progress()).isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.verification(older, null, null).progress()).isEqualTo(Decisions.Progress.DONE);
        assertThat(Decisions.verification(verification(7, "RUNNING", "DUAL_WRITE", false, null), 7L, 6L).progress())
                .isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.verification(verification(7, "DONE", "DUAL_WRITE", false, true), 7L, 6L).progress())
                .isEqualTo(Decisions.Progress.DONE);
        assertThat(Decisions.verification(verification(7, "FAILED", "DUAL_WRITE", false, true), 7L, 6L).why())
                .isEqualTo("verification run 7 FAILED");
    }

    @Test
    void a_stale_verification_is_run_again_only_when_its_guard_fails() throws Exception {
        MigrationStatus waiting = migration("SHADOW_READ", "READ_ENGINE", "auto", 0,
                "verification-clean", false, "last verification ran in DUAL_WRITE: stale");
        MigrationStatus passing = migration("SHADOW_READ", "READ_ENGINE", "auto", 0, "verification-clean", true, "clean");
        assertThat(Decisions.needsNewVerification(waiting, verification(6, "DONE", "DUAL_WRITE", true, null))).isTrue();
        assertThat(Decisions.needsNewVerification(waiting, verification(6, "DONE", "SHADOW_READ", true, false))).isTrue();
        assertThat(Decisions.needsNewVerification(waiting, verification(6, "DONE", "SHADOW_READ", true, true))).isFalse();
        assertThat(Decisions.needsNewVerification(waiting, verification(6, "RUNNING", "DUAL_WRITE", true, false))).isFalse();
        assertThat(Decisions.needsNewVerification(waiting, null)).isFalse();
        assertThat(Decisions.needsNewVerification(passing, verification(6, "DONE", "DUAL_WRITE", true, false))).isFalse();
    }

    @Test
    void cutover_is_done_at_read_engine_with_the_whole_ramp_and_reads_not_rolled_back() throws Exception {
        assertThat(Decisions.cutover(migration("SHADOW_READ", "READ_ENGINE", "auto", 0)).progress())
                .isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.cutover(migration("READ_ENGINE", "WRITE_ENGINE", "auto", 50)).progress())
                .isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.cutover(migration("READ_ENGINE", "WRITE_ENGINE", "legacy", 100)).progress())
                .isEqualTo(Decisions.Progress.RUNNING);
        assertThat(Decisions.cutover(migration("READ_ENGINE", "WRITE_ENGINE", "auto", 100)).progress())
                .isEqualTo(Decisions.Progress.DONE);
        assertThat(Decisions.cutover(migration("DUAL_WRITE", "SHADOW_READ", "auto", 0)).why()).contains("in DUAL_WRITE");
        assertThat(Decisions.rampStep(migration("READ_ENGINE", "WRITE_ENGINE", "auto", 10))).isEqualTo("READ_ENGINE 10%");
        assertThat(Decisions.rampStep(migration("SHADOW_READ", "READ_ENGINE", "auto", 0))).isEqualTo("SHADOW_READ");
    }

    @Test
    void the_drill_passes_only_when_requests_were_served_and_none_failed() {
        WorkloadStats stats = new WorkloadStats();
        WorkloadStats.Snapshot before = stats.snapshot();
        assertThat(Decisions.drillVerdict(before, stats.snapshot())).isEqualTo("no request was served during the rollback drill");
        stats.served(Operation.INTROSPECT);
        assertThat(Decisions.drillVerdict(before, stats.snapshot())).isNull();
        stats.failed(Operation.INTROSPECT, "READ_ENGINE", "boom");
        assertThat(Decisions.drillVerdict(before, stats.snapshot())).isEqualTo("1 requests failed during the rollback drill");
    }

    @Test
    void the_phase_clock_adds_up_time_per_phase_also_when_a_phase_returns() {
        PhaseClock clock = new PhaseClock();
        Instant t = Instant.parse("2026-11-27T12:00:00Z");
        clock.observe("LEGACY_ONLY", t);
        clock.observe("LEGACY_ONLY", t.plusSeconds(2));
        clock.observe("DUAL_WRITE", t.plusSeconds(3));
        clock.observe("LEGACY_ONLY", t.plusSeconds(10));
        assertThat(clock.spent(t.plusSeconds(11))).containsExactly(
                java.util.Map.entry("LEGACY_ONLY", Duration.ofSeconds(4)),
                java.util.Map.entry("DUAL_WRITE", Duration.ofSeconds(7)));
        assertThat(clock.current()).isEqualTo("LEGACY_ONLY");
    }

    @Test
    void progress_lines_show_rows_rate_eta_and_why_the_backfill_is_throttled() throws Exception {
        assertThat(Lines.backfill(backfill("RUNNING")))
                .isEqualTo("RUNNING  500 of ~1,000 rows scanned (50%), 480 copied, 20 skipped (expiring)  2,500 rows/s  ETA 0.0s");
        assertThat(Lines.backfill(backfill("RUNNING", null, "throttled to 2,500 rows/s: checker lag 8.2 s > 5 s, rising", null)))
                .isEqualTo("RUNNING  500 of ~1,000 rows scanned (50%), 480 copied, 20 skipped (expiring)  2,500 rows/s  ETA 0.0s"
                        + "  (throttled to 2,500 rows/s: checker lag 8.2 s > 5 s, rising)");
        assertThat(Lines.verification(verification(7, "DONE", "DUAL_WRITE", false, true)))
                .isEqualTo("run 7 DONE  4/4 chunks, 1,000 rows compared  50,000 rows/s  3 DIFFERENCES");
        assertThat(Lines.duration(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Lines.duration(Duration.ofMillis(400))).isEqualTo("0.4s");
    }
}
