package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Side;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lag as {@link StreamProgress} defines it: 0 for a partition read to its end with a fresh watermark,
 * else the age of its watermark or of its takeover; never the time since the epoch.
 */
class StreamProgressTest {
    private static final long INTERVAL_MS = 1_000;
    private static final long START = 1_796_000_000_000L;

    private long now = START;
    private final StreamProgress progress = new StreamProgress(CheckDriver.TOPICS, INTERVAL_MS, () -> now);
    private final TopicPartition engine = new TopicPartition(CheckDriver.TOPICS.engineChanges(), 0);
    private final TopicPartition engineOther = new TopicPartition(CheckDriver.TOPICS.engineChanges(), 1);
    private final TopicPartition legacy = new TopicPartition(CheckDriver.TOPICS.legacyChanges(), 0);

    private long lag(Side side) {
        return progress.lagMs(side, now);
    }

    @Test
    void theFreshWindowIsTwiceTheHeartbeatIntervalPlusASecond() {
        assertThat(progress.freshForMs()).isEqualTo(3_000);
    }

    @Test
    void aPartitionWithNothingProcessedIsCaughtUpAtItsEndAndNeverEpochOld() {
        progress.own(engine, -1);
        assertThat(lag(Side.ENGINE)).as("end offset not known yet: timed from the takeover").isZero();
        now += 500;
        assertThat(lag(Side.ENGINE)).isEqualTo(500);

        progress.endOffset(engine, 0);
        assertThat(lag(Side.ENGINE)).as("an empty partition read to its end").isZero();

        progress.endOffset(engine, 3);
        now += 1_000;
        assertThat(lag(Side.ENGINE)).as("events waiting, none read yet: since the takeover").isEqualTo(1_500);
    }

    @Test
    void anEventWithoutCommitTimeNeverBecomesTheWatermark() {
        progress.own(engine, -1);
        progress.processed(engine, 0, 0);
        progress.processed(engine, 1, -1);
        progress.endOffset(engine, 5);
        now += 2_000;

        assertThat(progress.watermarkMs(engine)).isEqualTo(-1);
        assertThat(lag(Side.ENGINE)).isEqualTo(2_000);
    }

    @Test
    void aRememberedWatermarkOfZeroIsNoWatermark() {
        progress.own(engine, 0);
        progress.endOffset(engine, 5);

        assertThat(progress.watermarkMs(engine)).isEqualTo(-1);
        assertThat(lag(Side.ENGINE)).isZero();
    }

    @Test
    void anEventOfAPartitionNotOwnedIsIgnored() {
        progress.processed(engine, 0, -1);
        progress.endOffset(engine, 5);

        assertThat(progress.owned()).isEmpty();
        assertThat(lag(Side.ENGINE)).isZero();

        progress.own(engine, -1);
        progress.release(engine);
        progress.processed(engine, 1, START);
        assertThat(progress.owned()).as("a released partition does not come back").isEmpty();
    }

    @Test
    void atItsEndWithAFreshHeartbeatTheLagIsZero() {
        progress.own(legacy, -1);
        progress.processed(legacy, 0, now - 1_000);
        progress.endOffset(legacy, 1);

        assertThat(lag(Side.LEGACY)).isZero();
        now += 2_000;
        assertThat(lag(Side.LEGACY)).as("watermark exactly as old as the fresh window").isZero();
    }

    @Test
    void atItsEndWithAStaleWatermarkTheLagGrowsWithTheWallClock() {
        progress.own(legacy, -1);
        progress.processed(legacy, 0, now);
        progress.endOffset(legacy, 1);

        now += 3_001;
        assertThat(lag(Side.LEGACY)).isEqualTo(3_001);
        now += 10_000;
        assertThat(lag(Side.LEGACY)).as("nothing arrives: a paused store or a dead capture").isEqualTo(13_001);

        progress.processed(legacy, 1, now - 200);
        progress.endOffset(legacy, 2);
        assertThat(lag(Side.LEGACY)).as("the next heartbeat").isZero();
    }

    @Test
    void atItsEndWithoutAnyHeartbeatSinceTheTakeoverTheLagGrowsOnceTheWindowIsOver() {
        progress.own(engine, -1);
        progress.endOffset(engine, 0);

        now += 3_000;
        assertThat(lag(Side.ENGINE)).isZero();
        now += 4_000;
        assertThat(lag(Side.ENGINE)).as("no capture has said anything since the takeover").isEqualTo(7_000);
    }

    @Test
    void notAtItsEndTheLagIsTheAgeOfTheWatermark() {
        progress.own(engine, -1);
        progress.processed(engine, 0, now - 700);
        progress.endOffset(engine, 4);

        assertThat(lag(Side.ENGINE)).isEqualTo(700);
        assertThat(progress.readPastMs(engine)).isEqualTo(now - 700);
    }

    @Test
    void aStoresLagIsItsMostLaggingPartitionAndIgnoresTheOtherStore() {
        progress.own(engine, -1);
        progress.own(engineOther, -1);
        progress.own(legacy, -1);
        progress.processed(engine, 0, now - 100);
        progress.processed(engineOther, 0, now - 9_000);
        progress.processed(legacy, 0, now - 50);
        progress.endOffset(engine, 1);
        progress.endOffset(engineOther, 1);
        progress.endOffset(legacy, 1);

        assertThat(lag(Side.ENGINE)).isEqualTo(9_000);
        assertThat(lag(Side.LEGACY)).isZero();
    }

    @Test
    void aWatermarkInTheFutureIsNoNegativeLag() {
        progress.own(engine, -1);
        progress.processed(engine, 0, now + 5_000);
        progress.endOffset(engine, 2);

        assertThat(lag(Side.ENGINE)).isZero();
    }
}
