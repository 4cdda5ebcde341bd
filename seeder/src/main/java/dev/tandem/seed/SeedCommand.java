package dev.tandem.seed;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** The seeder's command line: {@link SeedOptions} from the options and the environment, then the seeding. */
@Command(name = "LegacySeeder",
        description = {"Fills a legacy (Hydra-schema) MariaDB database with N realistic token rows, written the way"
                + " the old OAuth server writes them. Creates the database and its tables when absent. The password"
                + " of user U comes from the environment variable " + SeedOptions.PASSWORD_VARIABLE
                + " (it may be empty), never from an option.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:seeded", "1:a database error", "2:bad usage"})
final class SeedCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--host", required = true, paramLabel = "H", description = "MariaDB host")
    String host;
    @Option(names = "--port", required = true, paramLabel = "P", description = "MariaDB port")
    int port;
    @Option(names = "--database", required = true, paramLabel = "D",
            description = "database to fill; created with the legacy tables when absent")
    String database;
    @Option(names = "--user", required = true, paramLabel = "U", description = "login; its password comes from "
            + SeedOptions.PASSWORD_VARIABLE)
    String user;
    @Option(names = "--tokens", required = true, paramLabel = "N", description = "rows to write, 1 to "
            + SeedOptions.MAX_TOKENS)
    int tokens;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SeedOptions.DEFAULT_SEED,
            description = "random seed; the same seed writes the same rows (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", paramLabel = "T", defaultValue = "" + SeedOptions.DEFAULT_THREADS,
            description = "writer connections, 1 to " + SeedOptions.MAX_THREADS + " (default ${DEFAULT-VALUE})")
    int threads;
    @Mixin
    OutputOption output;

    private final Map<String, String> environment;
    private final Seeding seeding;

    /** What the command runs once its options are checked. */
    @FunctionalInterface
    interface Seeding {
        /** Seeds as {@code options} say, reports as JSON when {@code json}; answers the exit code. */
        int seed(SeedOptions options, boolean json);
    }

    SeedCommand(Map<String, String> environment, Seeding seeding) {
        this.environment = environment;
        this.seeding = seeding;
    }

    @Override
    public Integer call() throws UsageException {
        SeedOptions options;
        try {
            options = new SeedOptions(host, port, database, user, SeedOptions.PASSWORD.required(environment), tokens,
                    seed, threads);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return seeding.seed(options, output.json());
    }
}
