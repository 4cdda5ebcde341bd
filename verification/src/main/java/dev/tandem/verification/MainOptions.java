package dev.tandem.verification;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.Secret;
import dev.tandem.commandline.UsageException;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

/**
 * {@link VerificationMain}'s command line (picocli) and the two passwords, from the environment: a
 * command line is readable by every user of the host. The verification gets the checked options.
 */
@Command(name = "VerificationMain",
        description = {"Compares the legacy store and the engine over their whole key range; resumes the unfinished"
                + " run of the same phase. The users' passwords come from " + MainOptions.LEGACY_PASSWORD + " and "
                + MainOptions.ENGINE_PASSWORD + " (either may be empty), never from an option.", ""},
        footer = {"", "Exit status: 0 the stores agree, 1 they differ, 2 error (kubectl diff's convention)."})
final class MainOptions implements Callable<Integer> {
    static final String LEGACY_PASSWORD = "TANDEM_LEGACY_PASSWORD";
    static final String ENGINE_PASSWORD = "TANDEM_ENGINE_PASSWORD";
    /** Refused on the command line, each with the variable to set instead. */
    static final List<Secret> SECRETS = List.of(new Secret("--legacy-password", LEGACY_PASSWORD),
            new Secret("--engine-password", ENGINE_PASSWORD));
    private static final int DEFAULT_THREADS = 2;
    private static final int MAX_CHUNKS = 65_536;
    private static final int MAX_PAUSE_MS = 60_000;

    /** What the command line says, checked. */
    record Options(String legacyUrl, String legacyUser, String legacyPassword,
                   String engineUrl, String engineUser, String enginePassword,
                   String phase, VerificationSettings settings, boolean json, boolean migrate) {
        /** Passwords stay out of logs. */
        @Override
        public String toString() {
            return "MainOptions[legacy=" + legacyUrl + " (" + legacyUser + "), engine=" + engineUrl + " (" + engineUser
                    + "), phase=" + phase + ", " + settings + "]";
        }
    }

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    private String legacyUrl;
    @Option(names = "--legacy-user", order = 2, required = true, paramLabel = "U", description = "login to the legacy store")
    String legacyUser;
    private String engineUrl;
    @Option(names = "--engine-user", order = 4, required = true, paramLabel = "U", description = "login to the engine")
    String engineUser;
    private String phase;
    private int threads;
    private int chunks;
    private int pauseMs;
    @Option(names = "--json", order = 9, description = "print the report as JSON on stdout (the summary goes to stderr)")
    boolean json;
    @Option(names = "--migrate", order = 10, description = "bring the engine schema up to date first (Flyway)")
    boolean migrate;

    @Option(names = "--legacy-url", order = 1, required = true, paramLabel = "URL",
            description = "the legacy store, jdbc:mariadb://H:P/DB")
    void legacyUrl(String value) {
        legacyUrl = url("--legacy-url", value, "jdbc:mariadb://");
    }

    @Option(names = "--engine-url", order = 3, required = true, paramLabel = "URL",
            description = "the engine, jdbc:postgresql://H:P/DB")
    void engineUrl(String value) {
        engineUrl = url("--engine-url", value, "jdbc:postgresql://");
    }

    @Option(names = "--phase", order = 5, required = true, paramLabel = "P",
            description = "the migration phase the run belongs to (a run of another phase is stale)")
    void phase(String value) {
        if (value.isEmpty() || value.length() > Verification.MAX_PHASE_LENGTH) {
            throw Values.invalid(spec, "--phase", value, "1 to " + Verification.MAX_PHASE_LENGTH + " characters");
        }
        phase = value;
    }

    @Option(names = "--threads", order = 6, paramLabel = "N", defaultValue = "" + DEFAULT_THREADS,
            description = "workers, 1 to " + VerificationSettings.MAX_THREADS + " (default ${DEFAULT-VALUE})")
    void threads(String value) {
        threads = bounded("--threads", value, 1, VerificationSettings.MAX_THREADS);
    }

    @Option(names = "--chunks", order = 7, paramLabel = "N", description = "key ranges of a new run, 1 to " + MAX_CHUNKS
            + " (default: about " + VerificationSettings.ROWS_PER_CHUNK + " rows each)")
    void chunks(String value) {
        chunks = bounded("--chunks", value, 1, MAX_CHUNKS);
    }

    @Option(names = "--pause-ms", order = 8, paramLabel = "N", defaultValue = "0",
            description = "pause of each worker after each chunk, 0 to " + MAX_PAUSE_MS + " (default ${DEFAULT-VALUE})")
    void pauseMs(String value) {
        pauseMs = bounded("--pause-ms", value, 0, MAX_PAUSE_MS);
    }

    private final Map<String, String> environment;
    private final ToIntFunction<Options> verification;

    /** {@code verification} gets the checked options and answers the exit status. */
    MainOptions(Map<String, String> environment, ToIntFunction<Options> verification) {
        this.environment = environment;
        this.verification = verification;
    }

    @Override
    public Integer call() throws UsageException {
        return verification.applyAsInt(resolve());
    }

    /** The options with the passwords from the environment. */
    private Options resolve() throws UsageException {
        VerificationSettings settings = VerificationSettings.defaults().withThreads(threads).withChunks(chunks)
                .withPause(Duration.ofMillis(pauseMs));
        return new Options(legacyUrl, legacyUser, SECRETS.get(0).required(environment), engineUrl, engineUser,
                SECRETS.get(1).required(environment), phase, settings, json, migrate);
    }

    private String url(String option, String value, String scheme) {
        if (!value.startsWith(scheme)) {
            throw Values.invalid(spec, option, value, scheme + "host:port/database");
        }
        return value;
    }

    private int bounded(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Values.invalid(spec, option, value, min + " to " + max);
    }
}
