package dev.tandem.verification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link VerificationMain}'s command line ({@code --name value} pairs and two flags) and the two
 * passwords, from the environment: a command line is readable by every user of the host.
 */
record MainOptions(String legacyUrl, String legacyUser, String legacyPassword,
                   String engineUrl, String engineUser, String enginePassword,
                   String phase, VerificationSettings settings, boolean json, boolean migrate) {

    static final String USAGE = """
            Usage: TANDEM_LEGACY_PASSWORD=W TANDEM_ENGINE_PASSWORD=W VerificationMain
                       --legacy-url jdbc:mariadb://H:P/DB --legacy-user U --engine-url jdbc:postgresql://H:P/DB
                       --engine-user U --phase PHASE [--threads N] [--chunks N] [--pause-ms N] [--json] [--migrate]

            Compares the legacy store and the engine over their whole key range; resumes the unfinished run
            of the same phase. Exit status: 0 the stores agree, 1 they differ, 2 error (kubectl diff's convention).
            The users' passwords come from TANDEM_LEGACY_PASSWORD and TANDEM_ENGINE_PASSWORD (either may be
            empty), never from an option.

              --phase P      the migration phase the run belongs to (a run of another phase is stale)
              --threads N    workers, 1 to %d (default 2)
              --chunks N     key ranges of a new run, 1 to 65536 (default: about %d rows each)
              --pause-ms N   pause of each worker after each chunk, 0 to 60000 (default 0)
              --json         print the report as JSON on stdout (the summary goes to stderr)
              --migrate      bring the engine schema up to date first (Flyway)
            """.formatted(VerificationSettings.MAX_THREADS, VerificationSettings.ROWS_PER_CHUNK);

    static final String LEGACY_PASSWORD = "TANDEM_LEGACY_PASSWORD";
    static final String ENGINE_PASSWORD = "TANDEM_ENGINE_PASSWORD";
    private static final Set<String> VALUED = Set.of("--legacy-url", "--legacy-user", "--engine-url",
            "--engine-user", "--phase", "--threads", "--chunks", "--pause-ms");
    private static final Map<String, String> PASSWORD_OPTIONS = Map.of("--legacy-password", LEGACY_PASSWORD,
            "--engine-password", ENGINE_PASSWORD);
    private static final Set<String> FLAGS = Set.of("--json", "--migrate");

    static MainOptions parse(Map<String, String> environment, String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (PASSWORD_OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException(name + " is not taken (every user of this host could read it in the"
                        + " process list): set " + PASSWORD_OPTIONS.get(name) + " in the environment instead");
            }
            if (FLAGS.contains(name)) {
                values.put(name, "true");
            } else if (VALUED.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option '" + name + "' (valid: " + String.join(", ", VALUED)
                        + ", " + String.join(", ", FLAGS) + ")");
            }
        }
        String legacyUrl = required(values, "--legacy-url");
        if (!legacyUrl.startsWith("jdbc:mariadb://")) {
            throw new IllegalArgumentException("invalid --legacy-url '" + legacyUrl + "' (valid: jdbc:mariadb://host:port/database)");
        }
        String engineUrl = required(values, "--engine-url");
        if (!engineUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("invalid --engine-url '" + engineUrl + "' (valid: jdbc:postgresql://host:port/database)");
        }
        int threads = integer(values, "--threads", 2, 1, VerificationSettings.MAX_THREADS);
        int chunks = integer(values, "--chunks", 0, 1, 65_536);
        int pauseMs = integer(values, "--pause-ms", 0, 0, 60_000);
        String phase = required(values, "--phase");
        if (phase.length() > Verification.MAX_PHASE_LENGTH) {
            throw new IllegalArgumentException("invalid --phase: " + phase.length() + " characters (valid: 1 to "
                    + Verification.MAX_PHASE_LENGTH + ")");
        }
        VerificationSettings settings = VerificationSettings.defaults().withThreads(threads).withChunks(chunks)
                .withPause(Duration.ofMillis(pauseMs));
        return new MainOptions(legacyUrl, required(values, "--legacy-user"), password(environment, LEGACY_PASSWORD),
                engineUrl, required(values, "--engine-user"), password(environment, ENGINE_PASSWORD),
                phase, settings, values.containsKey("--json"), values.containsKey("--migrate"));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static String password(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null) {
            throw new IllegalArgumentException("missing " + variable + " in the environment (valid: any text, may be empty)");
        }
        return value;
    }

    private static int integer(Map<String, String> values, String name, int fallback, int min, int max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + value + "' (valid: " + min + " to " + max + ")");
        }
    }

    /** Passwords stay out of logs. */
    @Override
    public String toString() {
        return "MainOptions[legacy=" + legacyUrl + " (" + legacyUser + "), engine=" + engineUrl + " (" + engineUser
                + "), phase=" + phase + ", " + settings + "]";
    }
}
