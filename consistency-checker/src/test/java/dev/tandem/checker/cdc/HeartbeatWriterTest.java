package dev.tandem.checker.cdc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatWriterTest {

    @Test
    void aCapturesRowIsKeyedByItsLogicalNameWhichALongOneHashesIntoTheColumn() {
        assertThat(HeartbeatWriter.captureKey("tandem-legacy")).isEqualTo("tandem-legacy");
        String longName = "x".repeat(150);
        String key = HeartbeatWriter.captureKey(longName);
        assertThat(key).hasSize(HeartbeatWriter.MAX_CAPTURE_LENGTH).startsWith("xxxx").isEqualTo(HeartbeatWriter.captureKey(longName));
        assertThat(HeartbeatWriter.captureKey("x".repeat(149) + "y")).isNotEqualTo(key);
    }

    @Test
    void writesTimeOutWithinTheIntervalButNeverBelowASecondOrAboveFive() {
        assertThat(HeartbeatWriter.timeoutMs(100)).isEqualTo(1_000);
        assertThat(HeartbeatWriter.timeoutMs(2_500)).isEqualTo(2_500);
        assertThat(HeartbeatWriter.timeoutMs(60_000)).isEqualTo(5_000);
    }
}
