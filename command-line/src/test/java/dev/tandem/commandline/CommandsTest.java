package dev.tandem.commandline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandsTest {
    private static final Secret PASSWORD = new Secret("--password", "TEST_PASSWORD");

    @Command(name = "sample", description = "a command for the test")
    static final class Sample implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        HelpOption help;
        @Option(names = "--name", required = true, order = 1, description = "a name")
        String name;
        int count;
        @Mixin
        OutputOption output;

        @Option(names = "--count", order = 2, defaultValue = "3", description = "1 to 9 (default ${DEFAULT-VALUE})")
        void count(String value) {
            count = (int) Values.whole(spec, "--count", value, 1, 9);
        }

        @Override
        public Integer call() throws UsageException {
            if (name.equals("refused")) {
                return 1;
            }
            if (name.equals("late")) {
                throw new UsageException("no such file: late");
            }
            return 0;
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Commands.run("sample", new Sample(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), List.of(PASSWORD));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--name a --count 0        | invalid --count '0' (valid: a whole number from 1 to 9)",
            "--name a --count          | option --count needs a value",
            "--count 2                 | missing --name",
            "--name a --colour red     | unknown option '--colour' (valid: --name, --count, --output)",
            "--colour red              | unknown option '--colour' (valid: --name, --count, --output)",
            "--name a -o yaml          | invalid --output 'yaml' (valid: text, json)",
            "--name a stray            | unexpected argument 'stray'",
            "--name a --password x     | --password is not taken (every user of this host could read it in the process list): set TEST_PASSWORD in the environment instead",
            "--name late               | no such file: late"})
    void badUsageIsOneLineNamingTheOptionTheValueAndWhatIsValid(String args, String message) {
        Run run = run(args.strip().split(" "));
        assertThat(run.exit()).isEqualTo(Commands.USAGE);
        assertThat(run.err()).isEqualTo("sample: " + message + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theCommandsAnswerIsTheExitCode() {
        assertThat(run("--name", "a").exit()).isEqualTo(Commands.DONE);
        assertThat(run("--name", "refused").exit()).isEqualTo(1);
    }

    @Test
    void helpIsGeneratedWithTheDefaultsAndExitsZero() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: sample", "1 to 9 (default 3)", "(default text)");
    }

    @Test
    void aSecretComesFromTheEnvironmentOnly() throws Exception {
        assertThat(PASSWORD.required(Map.of("TEST_PASSWORD", ""))).isEmpty();
        assertThat(PASSWORD.orElse(Map.of(), "none")).isEqualTo("none");
        assertThatThrownBy(() -> PASSWORD.required(Map.of()))
                .hasMessage("missing TEST_PASSWORD in the environment (valid: any text, may be empty)");
    }

    @Test
    void progressIsPlainLinesOffATerminalAndOneRedrawnLineOnIt() {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (ProgressLine line = new ProgressLine(new PrintStream(plain, true, StandardCharsets.UTF_8), false)) {
            line.show("10%");
            line.show("20%");
        }
        assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo("10%" + System.lineSeparator() + "20%" + System.lineSeparator());
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        try (ProgressLine line = new ProgressLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), true)) {
            line.show("done 10%");
            line.show("20%");
        }
        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo("\rdone 10%\r20%     " + System.lineSeparator());
    }
}
