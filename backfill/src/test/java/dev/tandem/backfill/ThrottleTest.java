package dev.tandem.backfill;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
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

    /**
     * One lag reading a second (in seconds, {@code ?} for unknown) at a limit of 8,000 rows/s and a
     * threshold of 5 s: the rate after each reading, and the reason after the last (none when empty).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the checker keeps up                               | 1 4 5 2                        | 8000 8000 8000 8000                          |
            first lag above the threshold: halves              | 6                              | 4000                                         | throttled to 4,000 rows/s: checker lag 6.0 s > 5 s, rising
            digests the rows copied before the slowdown: holds | 6 7 8.2                        | 4000 4000 4000                               | throttled to 4,000 rows/s: checker lag 8.2 s > 5 s, still checking rows copied before the slowdown
            digests its copy, then is back under: recovers     | 6 7 8 8.5 7 4                  | 4000 4000 4000 4000 4000 8000                |
            past the slowdown, lag falling: holds              | 6 6.5 7 7.5 8 8.5 6            | 4000 4000 4000 4000 4000 4000 4000           | throttled to 4,000 rows/s: checker lag 6.0 s > 5 s, not rising
            past the slowdown, lag rising: halves again        | 6 6.5 7 7.5 8 8.5 6 6.5 7      | 4000 4000 4000 4000 4000 4000 4000 2000 2000 | throttled to 2,000 rows/s: checker lag 7.0 s > 5 s, still checking rows copied before the slowdown
            stalled, lag rising 1 s/s for 10 s: floor          | 6 7 8 9 10 11 12 13 14 15 16   | 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 10 | checker stalled: lag 16.0 s, rising 1.0 s/s; held at 10 rows/s
            stalled, then caught up: climbs back, doubling     | 6 7 8 9 10 11 12 13 14 15 16 3 3 3 | 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 10 20 40 80 | throttled to 80 rows/s: checker lag 3.0 s under 5 s, speeding up
            lag unknown while slowed: holds                    | 6 ? ?                          | 4000 4000 4000                               | throttled to 4,000 rows/s: checker lag unknown, rate held
            lag unknown, then under the threshold: recovers    | 6 ? 2                          | 4000 4000 8000                               |
            lag unknown while not slowed: nothing to say       | ? ? 1                          | 8000 8000 8000                               |
            an unknown reading restarts the stall window       | 6 7 8 9 10 ? 12 13 14 15 16 17 | 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 4000 | throttled to 4,000 rows/s: checker lag 17.0 s > 5 s, still checking rows copied before the slowdown
            """)
    void drivenByTheLagItSlowsSaysWhyAndRecovers(String scenario, String lags, String rates, String reason) {
        Throttle throttle = new Throttle(8_000, 5_000, clock::get);
        List<Long> seen = new ArrayList<>();
        for (String lag : lags.split(" ")) {
            clock.addAndGet(SECOND);
            throttle.observeLag(lag.equals("?") ? OptionalLong.empty() : OptionalLong.of(Math.round(Double.parseDouble(lag) * 1000)), 0, 0);
            seen.add(throttle.effectiveRate());
        }
        assertThat(seen).as(scenario).containsExactlyElementsOf(Arrays.stream(rates.split(" ")).map(Long::valueOf).toList());
        assertThat(throttle.reason()).as(scenario).isEqualTo(reason);
        assertThat(throttle.slowedByLag()).as(scenario).isEqualTo(reason != null);
    }

    @Test
    void lagIsTakenAtMostOncePerSecondAndOnlyAChangeIsWorthALogLine() {
        Throttle throttle = new Throttle(8_000, 5_000, clock::get);
        assertThat(throttle.observeLag(lag(9_000), 0, 0)).isTrue();
        assertThat(throttle.effectiveRate()).isEqualTo(4_000);
        assertThat(throttle.observeLag(lag(60_000), 0, 0)).as("within the same second").isFalse();
        clock.addAndGet(SECOND);
        assertThat(throttle.observeLag(lag(9_500), 0, 0)).as("rising, now digesting").isTrue();
        clock.addAndGet(SECOND);
        assertThat(throttle.observeLag(lag(9_800), 0, 0)).as("still digesting: same rate, same cause").isFalse();
        assertThat(throttle.reason()).as("the numbers are fresh all the same").contains("checker lag 9.8 s");
        clock.addAndGet(SECOND);
        assertThat(throttle.observeLag(lag(100), 0, 0)).isTrue();
        assertThat(throttle.reason()).isNull();
        assertThat(throttle.stalled()).isFalse();
    }

    @Test
    void lagWithoutLimitSlowsFromTheMeasuredRateAndReturnsToNoLimit() {
        Throttle throttle = new Throttle(0, 5_000, clock::get);
        throttle.observeLag(lag(6_000), 0, 30_000);
        assertThat(throttle.effectiveRate()).isEqualTo(15_000);
        assertThat(throttle.reason()).isEqualTo("throttled to 15,000 rows/s: checker lag 6.0 s > 5 s, rising");
        clock.addAndGet(SECOND);
        throttle.observeLag(lag(0), 0, 15_000);
        assertThat(throttle.effectiveRate()).isZero();
        assertThat(throttle.reason()).isNull();
    }

    @Test
    void aLimitSetBelowTheSlowedRateIsNoThrottling() {
        Throttle throttle = new Throttle(8_000, 2_500, clock::get);
        throttle.observeLag(lag(1_234_567), 0, 0);
        assertThat(throttle.reason()).isEqualTo("throttled to 4,000 rows/s: checker lag 1,234.6 s > 2.5 s, rising");
        throttle.setLimit(1_000);
        assertThat(throttle.effectiveRate()).isEqualTo(1_000);
        assertThat(throttle.reason()).as("the rate is the setting").isNull();
    }

    /**
     * At its first start the checker reads the capture's snapshot of every legacy row: the lag rises at
     * wall-clock speed although it checks thousands of events a second. The copy waits at the floor,
     * and says it waits for a backlog, not for a dead checker.
     */
    @Test
    void aLagRisingWhileTheCheckerChecksAtSpeedIsABacklogNotAStall() {
        Throttle throttle = new Throttle(0, 5_000, clock::get);
        for (int i = 0; i <= 10; i++) {
            clock.addAndGet(SECOND);
            throttle.observeLag(lag(60_000 + i * 1_000L), 22_890, 2_000);
        }
        assertThat(throttle.effectiveRate()).isEqualTo(Throttle.MIN_ROWS_PER_SECOND);
        assertThat(throttle.stalled()).isFalse();
        assertThat(throttle.catchingUp()).isTrue();
        assertThat(throttle.reason()).isEqualTo(
                "checker catching up on a backlog: lag 70.0 s, rising 1.0 s/s, checking 22,890 events/s; held at 10 rows/s");
        clock.addAndGet(SECOND);
        throttle.observeLag(lag(2_000), 13_000, 10);
        assertThat(throttle.reason()).isEqualTo("throttled to 20 rows/s: checker lag 2.0 s under 5 s, speeding up");
    }

    @Test
    void lagNeverStopsTheBackfill() {
        Throttle throttle = new Throttle(100, 5_000, clock::get);
        for (int i = 0; i < 60; i++) {
            clock.addAndGet(SECOND);
            throttle.observeLag(lag(60_000 + i * 1_000L), 0, 0);
        }
        assertThat(throttle.effectiveRate()).isEqualTo(Throttle.MIN_ROWS_PER_SECOND);
        assertThat(throttle.stalled()).isTrue();
        assertThat(throttle.reason()).isEqualTo("checker stalled: lag 119.0 s, rising 1.0 s/s; held at 10 rows/s");
        assertThat(throttle.chunkRows(5_000)).isEqualTo(1);
        throttle.reserve(1);
        assertThat(throttle.reserve(1)).isEqualTo(SECOND / Throttle.MIN_ROWS_PER_SECOND);
    }

    private static OptionalLong lag(long ms) {
        return OptionalLong.of(ms);
    }
}
