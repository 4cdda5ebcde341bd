package dev.tandem.backfill;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    @Test
    void limitSpacesReservationsByTheirRows() {
        Throttle throttle = new Throttle(1_000, 5_000, clock::get);
        assertThat(throttle.reserve(100)).isZero();
        assertThat(throttle.reserve(100)).isEqualTo(SECOND / 10);
        assertThat(throttle.reserve(300)).isEqualTo(2 * SECOND / 10);
        clock.addAndGet(SECOND);
        // The time not used is not saved up: no burst after an idle second.
        assertThat(throttle.reserve(100)).isZero();
    }

    @Test
    void noLimitNeverWaits() {
        Throttle throttle = new Throttle(0, 5_000, clock::get);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.reserve(50_000)).isZero();
        }
        assertThat(throttle.chunkRows(5_000)).isEqualTo(5_000);
    }

    @Test
    void lowRateMakesSmallChunks() {
        Throttle throttle = new Throttle(500, 5_000, clock::get);
        assertThat(throttle.chunkRows(5_000)).isEqualTo(50);
        throttle.setLimit(5);
        assertThat(throttle.chunkRows(5_000)).isEqualTo(1);
    }

    @Test
    void rateChangesWhileRunning() {
        Throttle throttle = new Throttle(1_000, 5_000, clock::get);
        throttle.setLimit(4_000);
        assertThat(throttle.effectiveRate()).isEqualTo(4_000);
        throttle.reserve(400);
        assertThat(throttle.reserve(400)).isEqualTo(SECOND / 10);
    }

    @Test
    void lagHalvesTheRateOncePerSecondAndRecoversWhenItFalls() {
        Throttle throttle = new Throttle(8_000, 5_000, clock::get);
        throttle.observeLag(9_000, 0);
        assertThat(throttle.effectiveRate()).isEqualTo(4_000);
        assertThat(throttle.slowedByLag()).isTrue();
        throttle.observeLag(9_000, 0);
        assertThat(throttle.effectiveRate()).as("at most one halving per second").isEqualTo(4_000);
        clock.addAndGet(SECOND);
        throttle.observeLag(9_000, 0);
        assertThat(throttle.effectiveRate()).isEqualTo(2_000);

        clock.addAndGet(SECOND);
        throttle.observeLag(100, 0);
        assertThat(throttle.effectiveRate()).isEqualTo(4_000);
        clock.addAndGet(SECOND);
        throttle.observeLag(100, 0);
        assertThat(throttle.effectiveRate()).isEqualTo(8_000);
        assertThat(throttle.slowedByLag()).isFalse();
    }

    @Test
    void lagWithoutLimitSlowsFromTheMeasuredRateAndReturnsToNoLimit() {
        Throttle throttle = new Throttle(0, 5_000, clock::get);
        throttle.observeLag(6_000, 30_000);
        assertThat(throttle.effectiveRate()).isEqualTo(15_000);
        clock.addAndGet(SECOND);
        throttle.observeLag(0, 15_000);
        assertThat(throttle.effectiveRate()).isZero();
    }

    @Test
    void lagNeverStopsTheBackfill() {
        Throttle throttle = new Throttle(100, 5_000, clock::get);
        for (int i = 0; i < 20; i++) {
            clock.addAndGet(SECOND);
            throttle.observeLag(60_000, 0);
        }
        assertThat(throttle.effectiveRate()).isEqualTo(Throttle.MIN_ROWS_PER_SECOND);
    }
}
