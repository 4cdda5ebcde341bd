package dev.tandem.verification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines end with exit status 2 and a message naming the option, the value and what is valid. */
class VerificationMainTest {
    private static final List<String> VALID = List.of(
            "--legacy-url", "jdbc:mariadb://127.0.0.1:1/legacy", "--legacy-user", "u",
            "--engine-url", "jdbc:postgresql://127.0.0.1:1/engine", "--engine-user", "u",
            "--phase", "SHADOW_READ");
    private static final Map<String, String> PASSWORDS = Map.of(MainOptions.LEGACY_PASSWORD, "secret-pw",
            MainOptions.ENGINE_PASSWORD, "secret-pw");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--threads|0|invalid --threads '0' (valid: 1 to 64)",
            "--threads|two|invalid --threads 'two' (valid: 1 to 64)",
            "--chunks|70000|invalid --chunks '70000' (valid: 1 to 65536)",
            "--pause-ms|-1|invalid --pause-ms '-1' (valid: 0 to 60000)",
            "--legacy-url|jdbc:mysql://h:1/d|invalid --legacy-url 'jdbc:mysql://h:1/d' (valid: jdbc:mariadb://host:port/database)",
            "--engine-url|postgres://h/d|invalid --engine-url 'postgres://h/d' (valid: jdbc:postgresql://host:port/database)",
    })
    void aBadValueIsNamedWithWhatIsValid(String option, String value, String message) {
        List<String> args = new ArrayList<>(VALID);
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(option, value));
        }
        Result result = run(args.toArray(String[]::new));
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err).isEqualTo("verify: " + message + System.lineSeparator());
        assertThat(result.out).isEmpty();
    }

    @Test
    void aMissingOrUnknownOptionIsNamed() {
        assertThat(run("--phase", "X").err).startsWith("verify: missing --legacy-url");
        Result unknown = run("--frobnicate", "1");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).startsWith("verify: unknown option '--frobnicate' (valid: ");
        assertThat(run("--phase").err).startsWith("verify: option --phase needs a value");
    }

    @Test
    void anUnreachableDatabaseIsAnErrorWithoutThePassword() {
        Result result = run(VALID.toArray(String[]::new));
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err).startsWith("verify: ").doesNotContain("secret-pw");
    }

    @Test
    void passwordsComeFromTheEnvironmentNeverFromTheCommandLine() {
        List<String> args = new ArrayList<>(VALID);
        args.addAll(List.of("--legacy-password", "secret-pw"));
        Result onTheCommandLine = run(args.toArray(String[]::new));
        assertThat(onTheCommandLine.exit).isEqualTo(2);
        assertThat(onTheCommandLine.err).startsWith("verify: --legacy-password is not taken (every user of this host could"
                + " read it in the process list): set TANDEM_LEGACY_PASSWORD in the environment instead");
        Result missing = run(Map.of(MainOptions.LEGACY_PASSWORD, ""), VALID.toArray(String[]::new));
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).startsWith("verify: missing TANDEM_ENGINE_PASSWORD in the environment (valid: any text,"
                + " may be empty)");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        Result result = run("--help");
        assertThat(result.exit).isZero();
        assertThat(result.out).contains("Exit status: 0 the stores agree, 1 they differ, 2 error", "(default 2)");
    }

    private static Result run(String... args) {
        return run(PASSWORDS, args);
    }

    private static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerificationMain.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }
}
