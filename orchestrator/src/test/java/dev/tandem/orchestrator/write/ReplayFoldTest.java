package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay queue's in-memory fold: entries add, a tombstone removes its own entry only. */
class ReplayFoldTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final UUID WRITER = UUID.randomUUID();

    private static ReplayEntry token(String id, Store mirror, Instant at) {
        return ReplayEntry.token(id, mirror, at, 1, WRITER);
    }

    @Test
    void anEntryIsPendingUntilItsTombstone() {
        ReplayFold fold = new ReplayFold();
        ReplayEntry entry = token("a", Store.ENGINE, T0);
        fold.apply(entry.id(), entry);

        assertThat(fold.tokenPending("a")).isTrue();
        assertThat(fold.tokenPending("b")).isFalse();
        assertThat(fold.size()).isEqualTo(1);
        assertThat(fold.tokenMissedBy("a")).containsExactly(Store.ENGINE);

        fold.apply(entry.id(), null);
        assertThat(fold.tokenPending("a")).isFalse();
        assertThat(fold.size()).isZero();
        assertThat(fold.oldestAge(T0)).isEmpty();
    }

    @Test
    void aTombstoneOfOneEntryNeverRemovesANewerEntryOfTheSameToken() {
        ReplayFold fold = new ReplayFold();
        ReplayEntry older = token("a", Store.ENGINE, T0);
        ReplayEntry newer = token("a", Store.ENGINE, T0.plusSeconds(5));
        fold.apply(older.id(), older);
        fold.apply(newer.id(), newer);

        fold.apply(older.id(), null);

        assertThat(fold.tokenPending("a")).as("the newer failed write still waits").isTrue();
        assertThat(fold.size()).isEqualTo(1);
        assertThat(fold.oldestAge(T0.plusSeconds(7))).contains(Duration.ofSeconds(2));
    }

    @Test
    void anEntryReadAgainIsCountedOnceAndOneRemovedHereIsNotBroughtBackByTheFollower() {
        ReplayFold fold = new ReplayFold();
        ReplayEntry entry = token("a", Store.LEGACY, T0);
        fold.add(entry);
        fold.apply(entry.id(), entry);
        assertThat(fold.size()).as("the writer's own entry, then the follower reading it").isEqualTo(1);

        ReplayEntry replayedEarly = token("b", Store.LEGACY, T0);
        fold.add(replayedEarly);
        fold.removeAhead(replayedEarly.id());
        fold.apply(replayedEarly.id(), replayedEarly);
        assertThat(fold.tokenPending("b")).as("its tombstone was published before the follower read the entry").isFalse();
        fold.apply(replayedEarly.id(), null);
        fold.apply(replayedEarly.id(), replayedEarly);
        assertThat(fold.tokenPending("b")).as("past its tombstone the id is an ordinary key again").isTrue();
    }

    @Test
    void familiesAndTokensAreApartAndPendingTowardCountsTheStoreThatMissed() {
        ReplayFold fold = new ReplayFold();
        ReplayEntry tokenToLegacy = token("a", Store.LEGACY, T0);
        ReplayEntry familyToLegacy = ReplayEntry.family("grant-1", T0, Store.LEGACY, T0, 1, WRITER);
        ReplayEntry tokenToEngine = token("b", Store.ENGINE, T0.plusSeconds(1));
        for (ReplayEntry entry : new ReplayEntry[] {tokenToLegacy, familyToLegacy, tokenToEngine}) {
            fold.apply(entry.id(), entry);
        }

        assertThat(fold.familyPending("grant-1")).isTrue();
        assertThat(fold.tokenPending("grant-1")).isFalse();
        assertThat(fold.familyPending(null)).isFalse();
        assertThat(fold.familyMissedBy("grant-1")).containsExactly(Store.LEGACY);
        assertThat(fold.pendingToward(Store.LEGACY)).isEqualTo(2);
        assertThat(fold.pendingToward(Store.ENGINE)).isEqualTo(1);
        assertThat(fold.oldestAge(T0.plusSeconds(12))).contains(Duration.ofSeconds(12));

        fold.apply(familyToLegacy.id(), null);
        fold.apply(tokenToLegacy.id(), null);
        assertThat(fold.pendingToward(Store.LEGACY)).isZero();
        assertThat(fold.pendingToward(Store.ENGINE)).isEqualTo(1);
    }

    @Test
    void anEntryTravelsAsJsonWithIdsOnly() {
        ReplayEntry entry = ReplayEntry.family("grant-1", T0, Store.ENGINE, T0.plusSeconds(1), 3, WRITER);
        String json = entry.toJson();

        assertThat(ReplayEntry.fromJson(json)).isEqualTo(entry);
        assertThat(json).contains("\"kind\":\"FAMILY\"", "\"key\":\"grant-1\"", "\"mirror\":\"ENGINE\"",
                "\"revokedAt\":\"2026-01-01T10:00:00Z\"", "\"nodeId\":3");
        assertThatThrownBy(() -> ReplayEntry.fromJson("{\"kind\":\"TOKEN\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayEntry(UUID.randomUUID(), ReplayEntry.Kind.FAMILY, "g", Store.ENGINE, null, T0, 1,
                WRITER)).hasMessageContaining("revokedAt");
    }
}
