package dev.tandem.model;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HybridLogicalClockTest {
    private final AtomicLong wall = new AtomicLong(1_780_000_000_000L);

    @Test
    void versionsStrictlyIncreaseEvenWhenTheWallClockStepsBack() {
        HybridLogicalClock clock = new HybridLogicalClock(1, wall::get);
        long previous = clock.next();
        for (int i = 0; i < 10_000; i++) {
            if (i % 100 == 0) {
                wall.addAndGet(-5_000);
            } else if (i % 7 == 0) {
                wall.addAndGet(3);
            }
            long next = clock.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void moreThanFourThousandVersionsInOneMillisecondStillIncrease() {
        HybridLogicalClock clock = new HybridLogicalClock(0, wall::get);
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long next = clock.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void aWriteAfterObservingAnotherInstancesVersionIsNewerThanIt() {
        HybridLogicalClock fastInstance = new HybridLogicalClock(1, () -> wall.get() + 60_000);
        HybridLogicalClock slowInstance = new HybridLogicalClock(2, wall::get);
        long written = fastInstance.next();

        slowInstance.observe(written);

        assertThat(slowInstance.next()).isGreaterThan(written);
    }

    @Test
    void twoInstancesNeverIssueTheSameVersion() {
        HybridLogicalClock a = new HybridLogicalClock(1, wall::get);
        HybridLogicalClock b = new HybridLogicalClock(2, wall::get);
        assertThat(a.next()).isNotEqualTo(b.next());
    }

    @Test
    void physicalPartIsTheWallClockInMillis() {
        HybridLogicalClock clock = new HybridLogicalClock(3, wall::get);
        long version = clock.next();
        assertThat(HybridLogicalClock.physicalMillis(version)).isEqualTo(wall.get());
        assertThat(version).isPositive();
    }

    @Test
    void nodeIdOutOfRangeIsRejected() {
        assertThatThrownBy(() -> new HybridLogicalClock(256)).hasMessage("node id 256 is out of range (valid: 0 to 255)");
    }
}
