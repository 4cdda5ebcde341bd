package dev.tandem.demo.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.VerificationStatus;
import dev.tandem.demo.workload.Operation;
import dev.tandem.demo.workload.WorkloadStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VerificationStatus CLEAN = verification(0);
    private static final VerificationStatus DIRTY = verification(2);

    /** A GET /admin/verification answer: run 9 in WRITE_ENGINE with {@code differences}. */
    private static VerificationStatus verification(long differences) {
        return read("{'runId':9,'state':'DONE','phase':'WRITE_ENGINE','rowsCompared':5000,'chunksDone':4,'chunksTotal':4,"
                + "'rowsPerSecond':400000,'differences':" + differences + ",'clean':" + (differences == 0) + ",'fresh':true}",
                VerificationStatus.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json.replace('\'', '"'), type);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Summary summary(WorkloadStats stats, String failure, String phase, List<VerificationStatus> runs) {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("LEGACY_ONLY", Duration.ofSeconds(3));
        phases.put("DUAL_WRITE", Duration.ofSeconds(20));
        BackfillStatus backfill = read("{'state':'DONE','rowsScanned':5000,'rowsCopied':4900,'rowsSkippedExpiring':100,"
                + "'estimatedTotalRows':5000,'rowsPerSecond':0,'etaSeconds':null,'liveOnlyInLegacy':100,"
                + "'lastLegacyOnlyExpiry':'2026-11-27T13:00:00Z'}", BackfillStatus.class);
        return new Summary(failure, stats.snapshot(), phases, List.of("SHADOW_READ", "READ_ENGINE 1%", "READ_ENGINE 100%"),
                phase, 5000, backfill, Duration.ofMillis(2500), runs, Map.of("critical", 0L, "major", 0L, "minor", 1L),
                null, List.of("GET /admin/repair answered 404: http://127.0.0.1:8081 has no such endpoint"),
                List.of("metrics:          http://127.0.0.1:9080/q/metrics"), Duration.ofSeconds(95));
    }

    private static WorkloadStats served() {
        WorkloadStats stats = new WorkloadStats();
        stats.served(Operation.AUTHORIZE);
        stats.served(Operation.INTROSPECT);
        return stats;
    }

    @Test
    void it_passes_with_zero_failed_requests_in_engine_only_after_a_clean_verification() {
        Summary summary = summary(served(), null, "ENGINE_ONLY", List.of(DIRTY, CLEAN));
        assertThat(summary.verdict()).isEmpty();
        assertThat(summary.passed()).isTrue();
        assertThat(summary.backfillWallRate()).isEqualTo(2000.0);
    }

    @Test
    void each_missed_goal_is_named() {
        WorkloadStats stats = served();
        stats.failed(Operation.INTROSPECT, "READ_ENGINE", "access_token of grant #3 introspects inactive; it was never revoked");
        Summary summary = summary(stats, "gave up on the step to ENGINE_ONLY", "WRITE_ENGINE", List.of(CLEAN, DIRTY));
        assertThat(summary.verdict()).containsExactly(
                "the walk stopped: gave up on the step to ENGINE_ONLY",
                "1 workload requests failed (the goal is zero)",
                "the migration ended in WRITE_ENGINE, not ENGINE_ONLY",
                "the last verification (run 9) found 2 differences");
        assertThat(summary(served(), null, null, List.of()).verdict())
                .containsExactly("the migration ended in an unknown phase, not ENGINE_ONLY", "no verification finished");
    }

    @Test
    void the_text_shows_counts_failures_phases_rates_and_the_verdict() {
        WorkloadStats stats = served();
        stats.failed(Operation.INTROSPECT, "READ_ENGINE", "introspection: access_token of grant #3 introspects inactive");
        stats.oauthError("invalid_grant", true);
        stats.oauthError("invalid_grant", true);
        stats.oauthError("invalid_client", false);
        String text = SummaryText.render(summary(stats, null, "ENGINE_ONLY", List.of(CLEAN)));
        assertThat(text)
                .contains("  introspect               1          1")
                .contains("  ! introspect: [READ_ENGINE] introspection: access_token of grant #3 introspects inactive")
                .contains("OAuth errors by code\n  expected:   invalid_grant 2  (replayed rotated or revoked refresh tokens, refused as they must be)\n"
                        + "  unexpected: invalid_client 1\n")
                .contains("  DUAL_WRITE             20s")
                .contains("cutover steps seen: SHADOW_READ -> READ_ENGINE 1% -> READ_ENGINE 100%")
                .contains("4,900 rows copied of 5,000 scanned (legacy seeded with 5,000)")
                .contains("  rate: 2,000 rows/s over 2.5s of wall time\n")
                .as("a done job's status rate is 0, not a rate of the copy").doesNotContain("(status)")
                .contains("run 9      in WRITE_ENGINE")
                .contains("repairs:     not available")
                .contains("minor = expired tokens in one store only")
                .contains("note: GET /admin/repair answered 404")
                .contains("http://127.0.0.1:9080/q/metrics")
                .contains("FAILED:\n  - 1 workload requests failed (the goal is zero)");
        assertThat(SummaryText.render(summary(served(), null, "ENGINE_ONLY", List.of(CLEAN))))
                .contains("  expected:   none\n  unexpected: none\n")
                .contains("PASSED: 2 requests, none failed; the migration is in ENGINE_ONLY and the last verification is clean.");
    }

    @Test
    void the_json_carries_the_same_facts_for_scripts() {
        ObjectNode json = SummaryJson.render(summary(served(), null, "ENGINE_ONLY", List.of(CLEAN)));
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("why").size()).isZero();
        assertThat(json.path("requests").path("served").asLong()).isEqualTo(2);
        assertThat(json.path("requests").path("byOperation").path("authorize").path("served").asLong()).isEqualTo(1);
        assertThat(json.path("phaseSeconds").path("DUAL_WRITE").asDouble()).isEqualTo(20.0);
        assertThat(json.path("backfill").path("wallRowsPerSecond").asDouble()).isEqualTo(2000.0);
        assertThat(json.path("verifications").get(0).path("rowsPerSecond").asDouble()).isEqualTo(400_000.0);
        assertThat(json.path("verifications").get(0).path("runId").isTextual()).as("runId as the summary always gave it").isTrue();
        assertThat(json.path("divergence").path("settled").path("minor").asLong()).isEqualTo(1);
        assertThat(json.path("divergence").path("repairs").isNull()).isTrue();
        assertThat(json.path("finalPhase").asText()).isEqualTo("ENGINE_ONLY");
        assertThat(json.path("requests").path("oauthErrors").path("expected").size()).isZero();
        assertThat(json.path("requests").path("oauthErrors").path("unexpected").size()).isZero();
    }
}
