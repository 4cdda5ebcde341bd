package dev.tandem.bench;

import dev.tandem.commandline.Commands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotBenchmarkTest {

    private static SnapshotBenchmark.Options parse(String... args) {
        SnapshotBenchmark.Line line = new SnapshotBenchmark.Line();
        new CommandLine(line).parseArgs(args);
        return line.options();
    }

    private static String error(String... args) {
        try {
            parse(args);
        } catch (CommandLine.ParameterException e) {
            return Commands.message(e, List.of());
        }
        throw new AssertionError("parsed");
    }

    @Test
    void defaultsToAHundredThousandTokens() {
        assertThat(parse()).isEqualTo(new SnapshotBenchmark.Options(100_000, 1, Duration.ofHours(1)));
        assertThat(parse("--tokens", "1_000_000", "--seed", "7", "--timeout-seconds", "60"))
                .isEqualTo(new SnapshotBenchmark.Options(1_000_000, 7, Duration.ofMinutes(1)));
    }

    @Test
    void badOptionsNameWhatIsValid() {
        assertThat(error("--tokens", "0")).isEqualTo("invalid --tokens '0' (valid: a whole number from 1 to 10000000)");
        assertThat(error("--tokens")).isEqualTo("option --tokens needs a value");
        assertThat(error("--rows", "5")).isEqualTo("unknown option '--rows' (valid: --tokens, --seed, --timeout-seconds)");
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
