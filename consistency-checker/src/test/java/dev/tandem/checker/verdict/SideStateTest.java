package dev.tandem.checker.verdict;

import dev.tandem.checker.change.ChangeEvent;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SideStateTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final TokenRecord V1 = TokenRecord.builder()
            .id(TokenId.hashOf("side-state-test")).kind(TokenKind.ACCESS_TOKEN).clientId("web-app")
            .scopes(Set.of("openid")).issuedAt(T).expiresAt(T.plusSeconds(3_600)).version(1).build();

    private static ChangeEvent upsert(TokenRecord record, long at, String position) {
        return ChangeEvent.upsert("legacy", record, at, at, position);
    }

    private static ChangeEvent delete(long at, String position) {
        return ChangeEvent.delete("legacy", V1.id(), at, at, position);
    }

    @Test
    void aNewerVersionNeverLosesToAnOlderOneWhateverTheOrder() {
        TokenRecord v2 = V1.toBuilder().scopes(Set.of("openid", "email")).version(2).build();
        SideState forward = SideState.ABSENT.apply(upsert(V1, 1_000, "f.000001:10")).apply(upsert(v2, 2_000, "f.000001:20"));
        SideState backward = SideState.ABSENT.apply(upsert(v2, 2_000, "f.000001:20")).apply(upsert(V1, 1_000, "f.000001:10"));
        assertThat(forward.record()).isEqualTo(v2);
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void forEqualVersionsTheLaterCommitWinsAndTiesGoByPosition() {
        TokenRecord outOfBand = V1.toBuilder().scopes(Set.of("admin")).build();
        SideState state = SideState.ABSENT.apply(upsert(outOfBand, 1_000, "f.000001:900")).apply(upsert(V1, 1_000, "f.000001:120"));
        assertThat(state.record()).isEqualTo(outOfBand);
        assertThat(SideState.ABSENT.apply(upsert(V1, 1_000, "f.000001:120")).apply(upsert(outOfBand, 1_000, "f.000001:900")))
                .isEqualTo(state);
    }

    @Test
    void revocationOnlyEverMovesEarlier() {
        TokenRecord revoked = V1.toBuilder().revokedAt(T.plusSeconds(5)).build();
        TokenRecord newerButActive = V1.toBuilder().version(7).build();
        SideState state = SideState.ABSENT.apply(upsert(revoked, 1_000, "a")).apply(upsert(newerButActive, 2_000, "b"));
        assertThat(state.record().revokedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(state.record().version()).isEqualTo(7);
    }

    @Test
    void aDeleteRemovesOnlyWhatCameBeforeIt() {
        SideState deleted = SideState.ABSENT.apply(upsert(V1, 1_000, "0/10")).apply(delete(2_000, "0/20"));
        assertThat(deleted.present()).isFalse();
        assertThat(deleted.apply(upsert(V1, 1_000, "0/10"))).as("an older upsert replayed after the delete").isSameAs(deleted);
        SideState reordered = SideState.ABSENT.apply(delete(2_000, "0/20")).apply(upsert(V1, 1_000, "0/10"));
        assertThat(reordered).isEqualTo(deleted);
    }

    @Test
    void aDuplicateChangesNothing() {
        SideState once = SideState.ABSENT.apply(upsert(V1, 1_000, "0/10"));
        assertThat(once.apply(upsert(V1, 1_000, "0/10"))).isSameAs(once);
    }

    @Test
    void positionsCompareAsBinlogFilesLsnsAndNumbers() {
        assertThat(Stamp.comparePositions("mariadb-bin.000002:4", "mariadb-bin.000010:4")).isNegative();
        assertThat(Stamp.comparePositions("mariadb-bin.000002:900", "mariadb-bin.000002:1200")).isNegative();
        assertThat(Stamp.comparePositions("0/9FFFFFF", "0/16B3748")).isPositive();
        assertThat(Stamp.comparePositions("1/0", "0/FFFFFFFF")).isPositive();
        assertThat(Stamp.comparePositions(null, "0/1")).isNegative();
        assertThat(Stamp.comparePositions("f.000001:10:2", "f.000001:10:1")).isPositive();
    }
}
