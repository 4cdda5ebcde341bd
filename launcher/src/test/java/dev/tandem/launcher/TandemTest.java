package dev.tandem.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage of ./tandem's own commands: exit code 2 and one line, before anything is built or started. */
class TandemTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bogus                      | tandem: unexpected argument 'bogus'",
            "up --instances 0           | tandem up: invalid --instances '0' (valid: a whole number from 1 to 8)",
            "up --instances many        | tandem up: invalid --instances 'many' (valid: a whole number)",
            "up --reason now            | tandem up: unknown option '--reason' (valid: --instances)",
            "seed                       | tandem seed: missing --tokens",
            "seed --tokens 0            | tandem seed: invalid --tokens '0' (valid: a whole number from 1 to 100000000)",
            "seed --tokens 5 -o yaml    | tandem seed: invalid --output 'yaml' (valid: text, json)",
            "demo --rate 0              | tandem demo: invalid --rate '0' (valid: a whole number from 1 to 10000)",
            "demo --timeout 5           | tandem demo: invalid --timeout '5' (valid: a whole number from 10 to 86400)",
            "bench                      | tandem bench: missing benchmark name (valid: writes, switch, oauth, checker, checker-throughput, snapshot, cpu)",
            "bench walk                 | tandem bench: unknown benchmark 'walk' (valid: writes, switch, oauth, checker, checker-throughput, snapshot, cpu)",
            "bench cpu --seconds 0      | tandem bench: invalid --seconds '0' (valid: a whole number from 1 to 3600)",
            "bench cpu --minutes 1      | tandem bench: unknown option '--minutes' for bench cpu (valid: --seconds)",
            "down --force               | tandem down: unknown option '--force' (valid: --purge)"})
    void badUsageIsOneLineAndExitCode2(String args, String message) {
        int code = Tandem.run(args.split(" "), stream(out), stream(err), Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(message + "\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void aPortVariableThatIsNotAPortIsAUsageError() {
        int code = Tandem.run(new String[] {"ps"}, stream(out), stream(err), Map.of("TANDEM_ENGINE_PORT", "5432x"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("tandem ps: TANDEM_ENGINE_PORT='5432x' is not a port (valid: a number from 1024 to 65534)\n");
    }

    @Test
    void helpListsTheLaunchersCommandsAndTheOnCallOnes() {
        assertThat(Tandem.run(new String[] {"--help"}, stream(out), stream(err), Map.of())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  up ", "  down ", "  ps ", "  seed ", "  demo ",
                "  bench ", "  test ", "  status ", "  rollback ", "  verify ");
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
