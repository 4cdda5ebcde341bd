package dev.tandem.demo.workload;

import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.oauth.client.OAuthApp;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookkeepingTest {
    static final OAuthApp WEB = new OAuthApp("demo-web", "c-web", null, "https://demo-web.example/callback", "openid offline_access");

    static Tokens tokens() {
        return new Tokens(new BearerAccessToken(3600, null), new RefreshToken());
    }

    static Grant grant(long number) {
        return new Grant(number, WEB, "user-7", Set.of("openid", "offline_access"), "LEGACY_ONLY", tokens());
    }

    @Test
    void stats_count_per_operation_keep_only_the_first_reasons_and_count_oauth_errors_by_code() {
        WorkloadStats stats = new WorkloadStats();
        stats.served(Operation.INTROSPECT);
        stats.served(Operation.INTROSPECT);
        for (int i = 0; i < 8; i++) {
            stats.failed(Operation.REFRESH, "READ_ENGINE", "reason " + i);
        }
        stats.failed(Operation.INTROSPECT, "WRITE_ENGINE", "gone");
        stats.oauthError("invalid_grant", true);
        stats.oauthError("invalid_grant", true);
        stats.oauthError("temporarily_unavailable", false);
        stats.oauthError("invalid_grant", false);
        WorkloadStats.Snapshot snapshot = stats.snapshot();
        assertThat(snapshot.served()).isEqualTo(2);
        assertThat(snapshot.failed()).isEqualTo(9);
        assertThat(snapshot.operations().get(Operation.REFRESH).failed()).isEqualTo(8);
        assertThat(snapshot.operations().get(Operation.REFRESH).firstFailures())
                .containsExactly("[READ_ENGINE] reason 0", "[READ_ENGINE] reason 1", "[READ_ENGINE] reason 2",
                        "[READ_ENGINE] reason 3", "[READ_ENGINE] reason 4");
        assertThat(snapshot.failedByPhase()).containsEntry("READ_ENGINE", 8L).containsEntry("WRITE_ENGINE", 1L);
        assertThat(snapshot.expectedErrors()).containsExactly(java.util.Map.entry("invalid_grant", 2L));
        assertThat(snapshot.unexpectedErrors()).containsExactly(java.util.Map.entry("invalid_grant", 1L),
                java.util.Map.entry("temporarily_unavailable", 1L));
    }

    @Test
    void a_grant_rotates_its_refresh_token_and_keeps_the_last_rotated_ones_for_replays() {
        Grant grant = grant(1);
        RefreshToken first = grant.refresh();
        assertThat(grant.rotated()).isEmpty();
        grant.rotateTo(tokens());
        assertThat(grant.rotated()).contains(first);
        assertThat(grant.refresh()).isNotEqualTo(first);
        for (int i = 0; i < Grant.KEPT_ROTATED + 2; i++) {
            grant.rotateTo(tokens());
        }
        assertThat(grant.allRotated()).hasSize(Grant.KEPT_ROTATED).doesNotContain(first);
        assertThat(grant.describe()).isEqualTo("grant #1 (demo-web, public, user-7, issued in LEGACY_ONLY, "
                + (Grant.KEPT_ROTATED + 3) + " refreshes)").doesNotContain(grant.refresh().getValue());
    }

    @Test
    void the_ledger_puts_a_grant_back_where_its_state_says_and_drops_unknown_ones() {
        Ledger ledger = new Ledger(2);
        Grant live = grant(1);
        Grant dead = grant(2);
        Grant unknown = grant(3);
        dead.state(Grant.State.DEAD);
        unknown.state(Grant.State.UNKNOWN);
        ledger.release(live);
        ledger.release(dead);
        ledger.release(unknown);
        assertThat(ledger.liveCount()).isEqualTo(1);
        assertThat(ledger.deadCount()).isEqualTo(1);
        assertThat(ledger.takeLive()).contains(live);
        assertThat(ledger.takeLive()).isEmpty();
        assertThat(ledger.takeDead()).contains(dead);
    }

    @Test
    void the_ledger_keeps_the_last_dead_grants_only() {
        Ledger ledger = new Ledger(2);
        for (int i = 1; i <= 3; i++) {
            Grant grant = grant(i);
            grant.state(Grant.State.DEAD);
            ledger.release(grant);
        }
        assertThat(ledger.deadCount()).isEqualTo(2);
        assertThat(ledger.takeDead().orElseThrow().describe()).startsWith("grant #2 ");
        assertThatThrownBy(() -> new Ledger(0)).hasMessageContaining("at least 1");
    }

    @Test
    void the_mix_starts_grants_when_none_is_there_and_replays_least() {
        assertThat(Mix.pick(0, false)).isEqualTo(Mix.Step.NEW_GRANT);
        assertThat(Mix.pick(50, false)).isEqualTo(Mix.Step.NEW_GRANT);
        assertThat(Mix.pick(30, true)).isEqualTo(Mix.Step.REFRESH);
        assertThat(Mix.pick(60, true)).isEqualTo(Mix.Step.INTROSPECT);
        assertThat(Mix.pick(99, true)).isEqualTo(Mix.Step.REPLAY);
        assertThatThrownBy(() -> Mix.pick(100, true)).hasMessageContaining("0 to 99");
        int[] counts = new int[Mix.Step.values().length];
        for (int roll = 0; roll < 100; roll++) {
            counts[Mix.pick(roll, true).ordinal()]++;
        }
        assertThat(counts[Mix.Step.INTROSPECT.ordinal()]).isEqualTo(Mix.INTROSPECT);
        assertThat(counts[Mix.Step.REPLAY.ordinal()]).isPositive().isLessThan(counts[Mix.Step.REVOKE.ordinal()]);
    }

    @Test
    void the_confidential_share_stays_modest_so_that_secret_hashing_does_not_eat_the_rate() {
        assertThat(Workload.CONFIDENTIAL_PERCENT).isBetween(1, 20);
    }

    @Test
    void the_rate_limiter_spaces_permits_evenly_and_grants_no_burst_after_a_pause() {
        RateLimiter limiter = new RateLimiter(50);
        long start = System.nanoTime() + 1_000_000_000L;
        long first = limiter.reserve(start);
        long second = limiter.reserve(start);
        assertThat(second - first).isEqualTo(20_000_000L);
        long later = start + 5_000_000_000L;
        assertThat(limiter.reserve(later)).isEqualTo(later);
        assertThat(limiter.reserve(later)).isEqualTo(later + 20_000_000L);
        assertThatThrownBy(() -> new RateLimiter(0)).hasMessageContaining("at least 1");
    }
}
