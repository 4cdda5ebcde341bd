package dev.tandem.demo.workload;

import dev.tandem.model.TokenId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookkeepingTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final TokenFactory factory = new TokenFactory();
    private final Random random = new Random(7);

    @Test
    void stats_count_per_operation_and_keep_only_the_first_reasons() {
        WorkloadStats stats = new WorkloadStats();
        stats.served(Operation.READ);
        stats.served(Operation.READ);
        for (int i = 0; i < 8; i++) {
            stats.failed(Operation.ROTATE_REFRESH, "READ_ENGINE", "reason " + i);
        }
        stats.failed(Operation.READ, "WRITE_ENGINE", "gone");
        WorkloadStats.Snapshot snapshot = stats.snapshot();
        assertThat(snapshot.served()).isEqualTo(2);
        assertThat(snapshot.failed()).isEqualTo(9);
        assertThat(snapshot.operations().get(Operation.ROTATE_REFRESH).failed()).isEqualTo(8);
        assertThat(snapshot.operations().get(Operation.ROTATE_REFRESH).firstFailures())
                .containsExactly("[READ_ENGINE] reason 0", "[READ_ENGINE] reason 1", "[READ_ENGINE] reason 2",
                        "[READ_ENGINE] reason 3", "[READ_ENGINE] reason 4");
        assertThat(snapshot.failedByPhase()).containsEntry("READ_ENGINE", 8L).containsEntry("WRITE_ENGINE", 1L);
    }

    @Test
    void reads_pick_only_tokens_written_within_the_window() {
        Ledger ledger = new Ledger(10, Duration.ofSeconds(30));
        IssuedToken old = factory.issue("access_token", null, NOW, "LEGACY_ONLY", random);
        IssuedToken fresh = factory.issue("access_token", null, NOW, "DUAL_WRITE", random);
        ledger.written(old, NOW);
        ledger.written(fresh, NOW.plusSeconds(20));
        for (int i = 0; i < 20; i++) {
            assertThat(ledger.pickForRead(NOW.plusSeconds(40), random)).contains(fresh);
        }
        assertThat(ledger.pickForRead(NOW.plusSeconds(60), random)).isEmpty();
    }

    @Test
    void the_ledger_keeps_at_most_its_capacity() {
        Ledger ledger = new Ledger(3, Duration.ofMinutes(5));
        Set<IssuedToken> written = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            IssuedToken token = factory.issue("access_token", null, NOW, "DUAL_WRITE", random);
            written.add(token);
            ledger.written(token, NOW);
        }
        assertThat(ledger.recentCount()).isEqualTo(3);
    }

    @Test
    void a_family_knows_its_usable_tokens_through_rotations_and_failed_revocations() {
        String familyId = factory.newFamilyId();
        IssuedToken first = factory.issue("refresh_token", familyId, NOW, "DUAL_WRITE", random);
        Ledger.Family family = new Ledger.Family(familyId, first);
        IssuedToken second = factory.rotate(first, NOW.plusSeconds(5), "DUAL_WRITE");
        assertThat(family.rotateTo(second)).isSameAs(first);
        assertThat(family.usable()).isEqualTo(2);
        first.state(TokenState.REVOKED);
        assertThat(family.usable()).isEqualTo(1);
        assertThat(family.tokens()).containsExactly(first, second);
        first.state(TokenState.UNKNOWN);
        assertThat(family.usable()).isEqualTo(-1);
    }

    @Test
    void a_rotation_keeps_client_subject_scopes_and_family() {
        IssuedToken first = factory.issue("refresh_token", "fam-1", NOW, "DUAL_WRITE", random);
        IssuedToken next = factory.rotate(first, NOW.plusSeconds(1), "READ_ENGINE");
        assertThat(next.id()).isNotEqualTo(first.id());
        assertThat(next.familyId()).isEqualTo("fam-1");
        assertThat(next.clientId()).isEqualTo(first.clientId());
        assertThat(next.scopes()).isEqualTo(first.scopes());
        assertThat(next.phase()).isEqualTo("READ_ENGINE");
    }

    @Test
    void tokens_have_hash_ids_whole_second_times_and_an_s256_challenge() {
        IssuedToken code = factory.issue("authorization_code", null, NOW.plusMillis(700), "DUAL_WRITE", random);
        assertThat(TokenId.isValid(code.id())).isTrue();
        assertThat(code.issuedAt()).isEqualTo(NOW);
        assertThat(code.expiresAt()).isEqualTo(NOW.plus(TokenFactory.CODE_LIFETIME));
        assertThat(code.codeChallengeMethod()).isEqualTo("S256");
        assertThat(code.codeChallenge()).matches("[A-Za-z0-9_-]{43}");
        assertThat(TokenFactory.body(code)).containsOnlyKeys("kind", "clientId", "subject", "scopes", "issuedAt",
                "expiresAt", "codeChallenge", "codeChallengeMethod");
        assertThat(TokenFactory.body(factory.issue("refresh_token", "fam", NOW, "DUAL_WRITE", random)))
                .containsEntry("familyId", "fam").doesNotContainKey("codeChallenge");
    }

    @Test
    void s256_is_rfc_7636s_example() {
        assertThat(TokenFactory.s256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void a_refresh_token_needs_a_family_and_unknown_kinds_are_refused() {
        assertThatThrownBy(() -> factory.issue("refresh_token", null, NOW, "DUAL_WRITE", random))
                .hasMessageContaining("familyId");
        assertThatThrownBy(() -> factory.issue("id_token", null, NOW, "DUAL_WRITE", random))
                .hasMessageContaining("id_token").hasMessageContaining("valid: access_token");
    }

    @Test
    void the_mix_falls_back_to_issuing_when_nothing_is_there_to_read_or_rotate() {
        assertThat(Mix.pick(0, false, false)).isEqualTo(Operation.ISSUE_ACCESS);
        assertThat(Mix.pick(50, true, true)).isEqualTo(Operation.READ);
        assertThat(Mix.pick(50, false, true)).isEqualTo(Operation.ISSUE_ACCESS);
        assertThat(Mix.pick(85, true, true)).isEqualTo(Operation.ROTATE_REFRESH);
        assertThat(Mix.pick(85, true, false)).isEqualTo(Operation.ISSUE_REFRESH);
        assertThat(Mix.pick(99, true, true)).isEqualTo(Operation.REVOKE_FAMILY);
        assertThatThrownBy(() -> Mix.pick(100, true, true)).hasMessageContaining("0 to 99");
    }

    @Test
    void the_mix_issues_every_kind_reads_most_and_revokes_families_least() {
        int[] counts = new int[Operation.values().length];
        for (int roll = 0; roll < 100; roll++) {
            counts[Mix.pick(roll, true, true).ordinal()]++;
        }
        assertThat(counts[Operation.READ.ordinal()]).isEqualTo(Mix.READ);
        assertThat(counts[Operation.REVOKE_FAMILY.ordinal()]).isPositive().isLessThan(counts[Operation.ISSUE_CODE.ordinal()]);
        assertThat(counts[Operation.REVOKE_TOKEN.ordinal()]).isZero();
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
