package dev.tandem.checker.verdict;

import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.change.SourcePosition;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SideStateTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    /** A whole second, as MariaDB's binlog stamps every change. */
    private static final long SECOND = T.toEpochMilli();
    private static final TokenRecord V1 = TokenRecord.builder()
            .id(TokenId.hashOf("side-state-test")).kind(TokenKind.ACCESS_TOKEN).clientId("web-app")
            .scopes(Set.of("openid")).issuedAt(T).expiresAt(T.plusSeconds(3_600)).version(1).build();

    private static BinlogPosition binlog(long pos) {
        return new BinlogPosition("mariadb-bin.000002", pos, 0);
    }

    private static ChangeEvent upsert(TokenRecord record, long at, SourcePosition position) {
        return ChangeEvent.upsert(position.store(), record, at, at, position);
    }

    private static ChangeEvent delete(long at, SourcePosition position) {
        return ChangeEvent.delete(position.store(), V1.id(), at, at, position);
    }

    private static SideState replay(List<ChangeEvent> events) {
        SideState state = SideState.ABSENT;
        for (ChangeEvent event : events) {
            state = state.apply(event);
        }
        return state;
    }

    @Test
    void twoChangesOfOneSecondArrivingInReverseBinlogOrderEndInTheLaterOne() {
        TokenRecord first = V1.toBuilder().scopes(Set.of("openid")).build();
        TokenRecord second = V1.toBuilder().scopes(Set.of("admin")).build();
        ChangeEvent earlier = upsert(first, SECOND, binlog(900));
        ChangeEvent later = upsert(second, SECOND, binlog(1_200));

        SideState reversed = replay(List.of(later, earlier));
        assertThat(reversed.record()).isEqualTo(second);
        assertThat(reversed).isEqualTo(replay(List.of(earlier, later)));
        assertThat(reversed.apply(later)).as("a duplicate").isSameAs(reversed);
        assertThat(reversed.apply(earlier)).as("a duplicate of the older one").isSameAs(reversed);
    }

    @Test
    void twoRowsOfOneBinlogEventAreOrderedByRow() {
        TokenRecord first = V1.toBuilder().scopes(Set.of("openid")).build();
        TokenRecord second = V1.toBuilder().scopes(Set.of("admin")).build();
        ChangeEvent row0 = upsert(first, SECOND, new BinlogPosition("mariadb-bin.000002", 900, 0));
        ChangeEvent row1 = upsert(second, SECOND, new BinlogPosition("mariadb-bin.000002", 900, 1));
        assertThat(replay(List.of(row1, row0)).record()).isEqualTo(second);
    }

    @Test
    void twoChangesOfOneMillisecondArrivingInReverseLsnOrderEndInTheLaterOne() {
        TokenRecord first = V1.toBuilder().scopes(Set.of("openid")).build();
        TokenRecord second = V1.toBuilder().scopes(Set.of("admin")).build();
        ChangeEvent earlier = upsert(first, SECOND + 7, Lsn.parse("0/16B3748"));
        ChangeEvent later = upsert(second, SECOND + 7, Lsn.parse("0/16B3800"));

        SideState reversed = replay(List.of(later, earlier));
        assertThat(reversed.record()).isEqualTo(second);
        assertThat(reversed.apply(later)).as("a duplicate").isSameAs(reversed);
        assertThat(reversed.apply(earlier)).isSameAs(reversed);
    }

    /**
     * A snapshot row carries the time it was read; a change committed during the snapshot sits after
     * the snapshot's position but carries an earlier time. Commit time must not decide.
     */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "engine"})
    void theLaterPositionWinsOverALaterCommitTime(String store) {
        SourcePosition snapshotAt = "legacy".equals(store) ? binlog(400) : Lsn.parse("0/16B3748");
        SourcePosition changedAt = "legacy".equals(store) ? binlog(1_200) : Lsn.parse("0/16B3800");
        TokenRecord changed = V1.toBuilder().scopes(Set.of("admin")).build();
        ChangeEvent snapshotRead = upsert(V1, SECOND + 5_000, snapshotAt);

        assertThat(replay(List.of(snapshotRead, upsert(changed, SECOND + 2_000, changedAt))).record()).isEqualTo(changed);
        assertThat(replay(List.of(snapshotRead, delete(SECOND + 2_000, changedAt))).present())
                .as("a delete during the snapshot").isFalse();
    }

    /** The side shows what the store holds, so that the check can report a store that went back. */
    @Test
    void theLaterPositionWinsEvenWithALowerVersionOrUnrevoked() {
        TokenRecord revoked = V1.toBuilder().revokedAt(T.plusSeconds(5)).version(9).build();
        SideState state = replay(List.of(upsert(V1, SECOND, binlog(1_200)), upsert(revoked, SECOND, binlog(900))));
        assertThat(state.record()).isEqualTo(V1);
    }

    @Test
    void aDeleteRemovesOnlyWhatCameBeforeIt() {
        SideState deleted = SideState.ABSENT.apply(upsert(V1, 1_000, new Lsn(0x10))).apply(delete(2_000, new Lsn(0x20)));
        assertThat(deleted.present()).isFalse();
        assertThat(deleted.apply(upsert(V1, 1_000, new Lsn(0x10)))).as("an older upsert replayed after the delete").isSameAs(deleted);
        assertThat(deleted.apply(delete(2_000, new Lsn(0x20)))).as("the delete again").isSameAs(deleted);
        SideState reordered = SideState.ABSENT.apply(delete(2_000, new Lsn(0x20))).apply(upsert(V1, 1_000, new Lsn(0x10)));
        assertThat(reordered).isEqualTo(deleted);
        assertThat(deleted.apply(upsert(V1, 1_000, new Lsn(0x30))).present()).as("an upsert after the delete").isTrue();
    }

    @Test
    void aDuplicateChangesNothing() {
        SideState once = SideState.ABSENT.apply(upsert(V1, 1_000, new Lsn(0x10)));
        assertThat(once.apply(upsert(V1, 1_000, new Lsn(0x10)))).isSameAs(once);
    }

    @Test
    void anyOrderWithDuplicatesOfOneHistoryEndsInTheStateAfterItsLastChange() {
        List<ChangeEvent> history = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            // Every change in one second; the position alone orders them.
            history.add(i % 5 == 0 ? delete(SECOND, binlog(100L * i))
                    : upsert(V1.toBuilder().scopes(Set.of("scope-" + i)).build(), SECOND, binlog(100L * i)));
        }
        history.add(upsert(V1.toBuilder().scopes(Set.of("last")).build(), SECOND, binlog(1_300)));
        SideState inOrder = replay(history);
        assertThat(inOrder.record().scopes()).containsExactly("last");

        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<ChangeEvent> shuffled = new ArrayList<>(history);
            shuffled.addAll(history.subList(0, random.nextInt(history.size())));
            Collections.shuffle(shuffled, random);
            assertThat(replay(shuffled)).as("round %d", round).isEqualTo(inOrder);
        }
    }

    @Test
    void positionsOfTwoStoresAreNotCompared() {
        assertThatThrownBy(() -> new Stamp(1, binlog(4)).compareTo(new Stamp(1, new Lsn(4))))
                .hasMessageContaining("are not comparable");
    }
}
