package dev.tandem.seed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedOptionsTest {
    private static final String BASE = "--host 127.0.0.1 --port 33306 --database tandem_legacy --user tandem";
    private static final Map<String, String> ENVIRONMENT = Map.of(SeedOptions.PASSWORD_VARIABLE, "pw");

    @Test
    void readsEveryOptionAndDefaultsTheOptionalOnes() {
        SeedOptions options = SeedOptions.parse(ENVIRONMENT, (BASE + " --tokens 1000").split(" "));

        assertThat(options).isEqualTo(new SeedOptions("127.0.0.1", 33306, "tandem_legacy", "tandem", "pw", 1000,
                SeedOptions.DEFAULT_SEED, SeedOptions.DEFAULT_THREADS));
        assertThat(SeedOptions.parse(ENVIRONMENT, (BASE + " --tokens 5 --seed -3 --threads 4").split(" ")))
                .extracting(SeedOptions::seed, SeedOptions::threads).containsExactly(-3L, 4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--tokens 0              | invalid --tokens 0 (valid: 1 to 100000000)",
            "--tokens ten            | invalid --tokens 'ten' (valid: a whole number)",
            "--tokens 10 --threads 0 | invalid --threads 0 (valid: 1 to 32)",
            "--tokens 10 --seed x    | invalid --seed 'x' (valid: a whole number)",
            "--tokens 10 --token 3   | unknown option '--token' (valid: --host, --port, --database, --user, --tokens, --seed, --threads)",
            "--tokens                | option --tokens needs a value",
            "--seed 4                | missing --tokens"})
    void badArgumentsAreNamedWithTheirValueAndWhatIsValid(String arguments, String message) {
        assertThatThrownBy(() -> SeedOptions.parse(ENVIRONMENT, (BASE + " " + arguments.strip()).split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void thePasswordComesFromTheEnvironmentNeverFromTheCommandLine() {
        assertThatThrownBy(() -> SeedOptions.parse(ENVIRONMENT, (BASE + " --tokens 1 --password pw").split(" ")))
                .hasMessage("--password is not taken (every user of this host could read it in the process list):"
                        + " set TANDEM_LEGACY_PASSWORD in the environment instead");
        assertThatThrownBy(() -> SeedOptions.parse(Map.of(), (BASE + " --tokens 1").split(" ")))
                .hasMessage("missing TANDEM_LEGACY_PASSWORD in the environment (the password of --user; may be empty)");
        assertThat(SeedOptions.parse(Map.of(SeedOptions.PASSWORD_VARIABLE, ""), (BASE + " --tokens 1").split(" ")).password())
                .as("an empty password is a password").isEmpty();
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
