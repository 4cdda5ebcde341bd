package dev.tandem.stack.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad usage of {@code stack/stack.sh}: exit code 2 and one line naming what is wrong, before any server is touched. */
class StackMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "                                  | stack: missing command (valid: up, down, status)",
            "start                             | stack: unexpected argument 'start'",
            "up --legacy-port 80               | stack up: invalid --legacy-port '80' (valid: a port number from 1024 to 65534)",
            "up --kafka-port 65535             | stack up: invalid --kafka-port '65535' (valid: a port number from 1024 to 65534)",
            "status --engine-port five         | stack status: invalid --engine-port 'five' (valid: a whole number)",
            "down --dir                        | stack down: option --dir needs a value",
            "up --legacy-password secret       | stack up: unknown option '--legacy-password' (valid: --dir, --legacy-port, --engine-port, --kafka-port)"})
    void badUsageIsOneLineAndExitCode2(String args, String message) {
        int code = StackMain.run(args == null ? new String[0] : args.split(" "), stream(out), stream(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(message + "\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpNamesEveryCommandAndOption() {
        assertThat(StackMain.run(new String[] {"--help"}, stream(out), stream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("up", "down", "status");

        out.reset();
        assertThat(StackMain.run(new String[] {"up", "--help"}, stream(out), stream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--dir", "--legacy-port", "--engine-port", "--kafka-port");
        assertThat(err.size()).isZero();
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
