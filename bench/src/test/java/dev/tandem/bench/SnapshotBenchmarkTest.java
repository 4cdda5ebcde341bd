package dev.tandem.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotBenchmarkTest {

    @Test
    void defaultsToAHundredThousandTokens() {
        assertThat(SnapshotBenchmark.parse(new String[0]))
                .isEqualTo(new SnapshotBenchmark.Options(100_000, 1, Duration.ofHours(1)));
        assertThat(SnapshotBenchmark.parse(new String[]{"--tokens", "1_000_000", "--seed", "7", "--timeout-seconds", "60"}))
                .isEqualTo(new SnapshotBenchmark.Options(1_000_000, 7, Duration.ofMinutes(1)));
        assertThat(SnapshotBenchmark.parse(new String[]{"--help"})).as("help").isNull();
    }

    @Test
    void badOptionsNameWhatIsValid() {
        assertThatThrownBy(() -> SnapshotBenchmark.parse(new String[]{"--tokens", "0"}))
                .hasMessage("--tokens must be a whole number from 1 to 10000000, not '0'");
        assertThatThrownBy(() -> SnapshotBenchmark.parse(new String[]{"--tokens"}))
                .hasMessage("option --tokens needs a value");
        assertThatThrownBy(() -> SnapshotBenchmark.parse(new String[]{"--rows", "5"}))
                .hasMessage("unknown option --rows (valid: --tokens, --seed, --timeout-seconds)");
    }

    @Test
    void printsEveryFigureWithItsUnit() {
        String table = SnapshotBenchmark.table(new SnapshotBenchmark.Result(100_000, 84_000, 9.5, 4.2, 40.0, 184_000,
                210, 700, 60.0, 0, 0));
        assertThat(table).contains("caught up in            40.0 s")
                .contains("events checked       184,000     (4,600 events/s)")
                .contains("checker heap, peak       210 MB")
                .contains("checker RSS, peak        700 MB")
                .contains("(326.1 ms per 1,000 events)")
                .contains("0 critical, 0 major");
    }
}
