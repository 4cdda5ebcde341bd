package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.commandline.Commands;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        assertThat(parse()).isEqualTo(new SnapshotBenchmark.Options(100_000, 1, Duration.ofHours(1), false));
        assertThat(parse("-o", "json").json()).isTrue();
        assertThat(parse("--tokens", "1_000_000", "--seed", "7", "--timeout-seconds", "60"))
                .isEqualTo(new SnapshotBenchmark.Options(1_000_000, 7, Duration.ofMinutes(1), false));
    }

    @Test
    void badOptionsNameWhatIsValid() {
        assertThat(error("--tokens", "0")).isEqualTo("invalid --tokens '0' (valid: a whole number from 1 to 10000000)");
        assertThat(error("--tokens")).isEqualTo("option --tokens needs a value");
        assertThat(error("--rows", "5")).isEqualTo("unknown option '--rows' (valid: --tokens, --seed, --timeout-seconds, --output)");
    }

    private static final SnapshotBenchmark.Result RESULT = new SnapshotBenchmark.Result(100_000, 84_000, 9.5, 4.2, 40.0,
            184_000, 210, 700, 60.0, 0, 0);

    @Test
    void printsEveryFigureWithItsUnit() {
        String table = SnapshotBenchmark.table(RESULT);
        assertThat(table).contains("caught up in            40.0 s")
                .contains("events checked       184,000     (4,600 events/s)")
                .contains("checker heap, peak       210 MB")
                .contains("checker RSS, peak        700 MB")
                .contains("(326.1 ms per 1,000 events)")
                .contains("0 critical, 0 major");
    }

    @Test
    void jsonCarriesTheTablesFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(SnapshotBenchmark.json(RESULT));
        assertThat(json.get("tokens").asInt()).isEqualTo(100_000);
        assertThat(json.get("copied").asLong()).isEqualTo(84_000);
        assertThat(json.get("seededSeconds").asDouble()).isEqualTo(9.5);
        assertThat(json.get("backfillSeconds").asDouble()).isEqualTo(4.2);
        assertThat(json.get("catchUpSeconds").asDouble()).isEqualTo(40.0);
        assertThat(json.get("events").asLong()).isEqualTo(184_000);
        assertThat(json.get("eventsPerSecond").asDouble()).isEqualTo(4_600.0);
        assertThat(json.get("peakHeapMb").asDouble()).isEqualTo(210.0);
        assertThat(json.get("peakRssMb").asDouble()).isEqualTo(700.0);
        assertThat(json.get("cpuSeconds").asDouble()).isEqualTo(60.0);
        assertThat(json.get("cpuMsPerThousandEvents").asDouble()).isCloseTo(326.1, within(0.1));
        assertThat(json.get("settledCritical").asDouble()).isZero();
        assertThat(json.get("settledMajor").asDouble()).isZero();
    }
}
