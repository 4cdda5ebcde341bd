package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnmirroredWritesTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void remembersAFailedTokenUntilItsTimeToLiveEnds() {
        UnmirroredWrites unmirrored = new UnmirroredWrites(Duration.ofSeconds(10), 100, now::get);
        unmirrored.tokenFailed("a");
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(unmirrored.tokenPending("a")).isTrue();
        assertThat(unmirrored.tokenPending("b")).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(unmirrored.tokenPending("a")).isFalse();
        assertThat(unmirrored.size()).isZero();
    }

    @Test
    void aNewFailureRestartsTheTimeToLive() {
        UnmirroredWrites unmirrored = new UnmirroredWrites(Duration.ofSeconds(10), 100, now::get);
        unmirrored.tokenFailed("a");
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        unmirrored.tokenFailed("a");
        now.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThat(unmirrored.tokenPending("a")).isTrue();
    }

    @Test
    void forgetsTheOldestFirstWhenFull() {
        UnmirroredWrites unmirrored = new UnmirroredWrites(Duration.ofSeconds(10), 2, now::get);
        unmirrored.tokenFailed("a");
        unmirrored.tokenFailed("b");
        unmirrored.tokenFailed("c");
        assertThat(unmirrored.tokenPending("a")).isFalse();
        assertThat(unmirrored.tokenPending("b")).isTrue();
        assertThat(unmirrored.tokenPending("c")).isTrue();
    }

    @Test
    void tokensAndFamiliesAreKeptApart() {
        UnmirroredWrites unmirrored = new UnmirroredWrites(Duration.ofSeconds(10), 10, now::get);
        unmirrored.familyFailed("grant-1");
        assertThat(unmirrored.familyPending("grant-1")).isTrue();
        assertThat(unmirrored.tokenPending("grant-1")).isFalse();
        assertThat(unmirrored.familyPending(null)).isFalse();
    }

    @Test
    void countsWhatEachMirrorMissedWithinTheTimeToLive() {
        UnmirroredWrites unmirrored = new UnmirroredWrites(Duration.ofSeconds(10), 100, now::get);
        unmirrored.tokenFailed(Store.LEGACY, "a");
        unmirrored.familyFailed(Store.LEGACY, "grant-1");
        unmirrored.tokenFailed(Store.ENGINE, "b");
        unmirrored.tokenFailed("c");
        assertThat(unmirrored.pendingToward(Store.LEGACY)).isEqualTo(2);
        assertThat(unmirrored.pendingToward(Store.ENGINE)).isEqualTo(1);
        assertThat(unmirrored.tokenPending("a")).isTrue();

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        unmirrored.tokenFailed(Store.ENGINE, "a");
        assertThat(unmirrored.pendingToward(Store.LEGACY)).as("a's latest failure was toward the engine").isEqualTo(1);
        assertThat(unmirrored.pendingToward(Store.ENGINE)).isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(unmirrored.pendingToward(Store.LEGACY)).isZero();
        assertThat(unmirrored.pendingToward(Store.ENGINE)).isEqualTo(1);
    }

    @Test
    void refusesALimitThatCannotWork() {
        assertThatThrownBy(() -> new UnmirroredWrites(Duration.ZERO, 10, now::get))
                .hasMessageContaining(WriteConfig.UNMIRRORED_TTL_SECONDS);
        assertThatThrownBy(() -> new UnmirroredWrites(Duration.ofSeconds(1), 0, now::get))
                .hasMessageContaining(WriteConfig.UNMIRRORED_MAX_IDS);
    }
}
