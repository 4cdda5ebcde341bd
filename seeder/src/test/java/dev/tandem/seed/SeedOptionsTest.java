package dev.tandem.seed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedOptionsTest {
    private static final String BASE = "--host 127.0.0.1 --port 33306 --database tandem_legacy --user tandem";
    private static final Map<String, String> ENVIRONMENT = Map.of(SeedOptions.PASSWORD_VARIABLE, "pw");

    /** The command's exit code, what it would seed (null when it stopped before) and its stderr. */
    private record Run(int exit, SeedOptions options, String err, String out, boolean json) {
    }

    private static Run run(Map<String, String> environment, String arguments) {
        AtomicReference<SeedOptions> seeded = new AtomicReference<>();
        AtomicBoolean asJson = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = dev.tandem.commandline.Commands.run("seed", new SeedCommand(environment, (options, json) -> {
                    seeded.set(options);
                    asJson.set(json);
                    return 0;
                }), arguments.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), java.util.List.of(SeedOptions.PASSWORD));
        return new Run(exit, seeded.get(), err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8),
                asJson.get());
    }

    @Test
    void readsEveryOptionAndDefaultsTheOptionalOnes() {
        assertThat(run(ENVIRONMENT, BASE + " --tokens 1000").options())
                .isEqualTo(new SeedOptions("127.0.0.1", 33306, "tandem_legacy", "tandem", "pw", 1000,
                        SeedOptions.DEFAULT_SEED, SeedOptions.DEFAULT_THREADS));
        assertThat(run(ENVIRONMENT, BASE + " --tokens 5 --seed -3 --threads 4").options())
                .extracting(SeedOptions::seed, SeedOptions::threads).containsExactly(-3L, 4);
    }

    @Test
    void reportsAsTextUnlessAskedForJson() {
        assertThat(run(ENVIRONMENT, BASE + " --tokens 5").json()).isFalse();
        assertThat(run(ENVIRONMENT, BASE + " --tokens 5 -o json").json()).isTrue();
        assertThat(run(ENVIRONMENT, BASE + " --tokens 5 --output text").json()).isFalse();
        assertThat(run(ENVIRONMENT, BASE + " --tokens 5 -o yaml").err())
                .isEqualTo("seed: invalid --output 'yaml' (valid: text, json)" + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--tokens 0              | invalid --tokens 0 (valid: 1 to 100000000)",
            "--tokens ten            | invalid --tokens 'ten' (valid: a whole number)",
            "--tokens 10 --threads 0 | invalid --threads 0 (valid: 1 to 32)",
            "--tokens 10 --seed x    | invalid --seed 'x' (valid: a whole number)",
            "--tokens 10 --token 3   | unknown option '--token' (valid: --host, --port, --database, --user, --tokens, --seed, --threads, --output)",
            "--tokens                | option --tokens needs a value",
            "--seed 4                | missing --tokens"})
    void badArgumentsAreNamedWithTheirValueAndWhatIsValid(String arguments, String message) {
        Run run = run(ENVIRONMENT, BASE + " " + arguments.strip());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("seed: " + message + System.lineSeparator());
    }

    @Test
    void thePasswordComesFromTheEnvironmentNeverFromTheCommandLine() {
        assertThat(run(ENVIRONMENT, BASE + " --tokens 1 --password pw").err())
                .isEqualTo("seed: --password is not taken (every user of this host could read it in the process list):"
                        + " set TANDEM_LEGACY_PASSWORD in the environment instead" + System.lineSeparator());
        assertThat(run(Map.of(), BASE + " --tokens 1").err())
                .isEqualTo("seed: missing TANDEM_LEGACY_PASSWORD in the environment (valid: any text, may be empty)"
                        + System.lineSeparator());
        assertThat(run(Map.of(SeedOptions.PASSWORD_VARIABLE, ""), BASE + " --tokens 1").options().password())
                .as("an empty password is a password").isEmpty();
    }

    @Test
    void helpIsGeneratedFromTheOptionsWithTheirDefaults() {
        Run help = run(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: LegacySeeder", "--threads=T", "(default 2)", "TANDEM_LEGACY_PASSWORD");
    }

    @Test
    void aDatabaseNameThatWouldNeedQuotingIsRefused() {
        assertThatThrownBy(() -> new SeedOptions("h", 1, "db; DROP DATABASE x", "u", "", 1, 1, 1))
                .hasMessage("invalid --database 'db; DROP DATABASE x' (valid: 1 to 64 letters, digits and underscores)");
    }

    @Test
    void thePasswordStaysOutOfTheDescription() {
        assertThat(new SeedOptions("h", 1, "db", "u", "hunter2", 1, 1, 1).toString()).doesNotContain("hunter2");
    }
}
