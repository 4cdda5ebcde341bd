package dev.tandem.backfill;

import dev.tandem.engine.schema.EngineSchema;

import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one backfill to its end from the command line, printing progress, and the rate at the end:
 * for benchmarks and for the kill -9 test. The orchestrator hosts {@link Backfill} itself.
 * Exit codes: 0 DONE, 1 FAILED or a database error, 2 bad usage.
 */
public final class BackfillMain {
    static final String USAGE = """
            Usage: BackfillMain --legacy-url jdbc:mariadb://H:P/DB --legacy-user U
                                --engine-url jdbc:postgresql://H:P/DB --engine-user U
                                [--legacy-password W] [--engine-password W] [--owner NAME]
                                [--resume | --restart] [--quiet] [--SETTING VALUE ...]

            Copies the legacy store's rows into the engine (migrating the engine schema first) and waits
            until the backfill is DONE or FAILED. Passwords may come from BACKFILL_LEGACY_PASSWORD and
            BACKFILL_ENGINE_PASSWORD instead, to keep them out of the process list.
              --resume    continue the existing backfill from its checkpoint (after a kill, a pause, a failure)
              --restart   start over from the first id even if a backfill exists
            Settings (each as --key value, e.g. --rows.per.second 5000):
            """;

    private BackfillMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("backfill: " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(usage());
            return;
        }
        System.exit(run(options));
    }

    static String usage() {
        StringBuilder text = new StringBuilder(USAGE);
        BackfillSettings.docs().forEach((key, doc) -> text.append("  --").append(key).append("  ").append(doc).append('\n'));
        return text.toString();
    }

    private static int run(Options options) throws InterruptedException {
        EngineSchema.migrate(options.engineUrl, options.engineUser, options.enginePassword);
        BackfillSchema.migrate(options.engineUrl, options.engineUser, options.enginePassword);
        JdbcConnector legacy = () -> DriverManager.getConnection(options.legacyUrl, options.legacyUser, options.legacyPassword);
        JdbcConnector engine = () -> DriverManager.getConnection(options.engineUrl, options.engineUser, options.enginePassword);
        long startNanos = System.nanoTime();
        try (Backfill backfill = new Backfill(legacy, engine, options.owner, null)) {
            BackfillStatus status = options.resume ? backfill.resume() : backfill.start(options.settings, options.restart);
            long scannedAtStart = options.resume ? status.rowsScanned() : 0;
            while (status.state() == BackfillState.RUNNING || status.state() == BackfillState.PAUSED) {
                if (!options.quiet) {
                    System.out.println(progress(status));
                }
                Thread.sleep(1_000);
                status = backfill.status();
                if (!backfill.runningHere() && status.state() == BackfillState.RUNNING && status.owner() != null
                        && status.owner().equals(options.owner)) {
                    break; // our worker stopped without a final state: a database failure it could not record
                }
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long scanned = status.rowsScanned() - scannedAtStart;
            System.out.println(progress(status));
            System.out.printf(Locale.ROOT, "backfill %s: %d rows scanned in %.1f s (%.0f rows/s); copied %d, skipped %d expired,"
                            + " %d expiring, %d already in the engine; %d live tokens only in legacy, the last expiring at %s%n",
                    status.state(), scanned, seconds, scanned / Math.max(seconds, 1e-9), status.rowsCopied(),
                    status.rowsSkippedExpired(), status.rowsSkippedExpiring(), status.rowsSkippedNewerInEngine(),
                    status.liveOnlyInLegacy(), status.lastLegacyOnlyExpiry());
            if (status.error() != null) {
                System.err.println("backfill: " + status.error());
            }
            return status.state() == BackfillState.DONE ? 0 : 1;
        } catch (BackfillException e) {
            System.err.println("backfill: " + e.getMessage());
            return 1;
        }
    }

    private static String progress(BackfillStatus status) {
        long total = Math.max(1, status.estimatedTotalRows());
        return String.format(Locale.ROOT, "%s %d/%d rows (%.0f%%), %.0f rows/s, eta %s, checkpoint %s",
                status.state(), status.rowsScanned(), status.estimatedTotalRows(),
                Math.min(100.0, 100.0 * status.rowsScanned() / total), status.rowsPerSecond(),
                status.etaSeconds() == null ? "?" : status.etaSeconds() + " s", status.lastId());
    }

    private record Options(String legacyUrl, String legacyUser, String legacyPassword, String engineUrl,
                           String engineUser, String enginePassword, String owner, boolean resume, boolean restart,
                           boolean quiet, BackfillSettings settings) {

        /** Null for --help. */
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> settings = new LinkedHashMap<>();
            boolean resume = false;
            boolean restart = false;
            boolean quiet = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        return null;
                    }
                    case "--resume" -> resume = true;
                    case "--restart" -> restart = true;
                    case "--quiet" -> quiet = true;
                    default -> {
                        if (!arg.startsWith("--") || i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg.startsWith("--") ? "option " + arg + " needs a value"
                                    : "unexpected argument \"" + arg + "\"");
                        }
                        String key = arg.substring(2);
                        String value = args[++i];
                        if (BackfillSettings.docs().containsKey(key)) {
                            settings.put(key, value);
                        } else if (key.matches("(legacy|engine)-(url|user|password)|owner")) {
                            values.put(key, value);
                        } else {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                    }
                }
            }
            if (resume && restart) {
                throw new IllegalArgumentException("--resume and --restart exclude each other");
            }
            return new Options(required(values, "legacy-url", "jdbc:mariadb://"), required(values, "legacy-user", ""),
                    password(values, "legacy-password", "BACKFILL_LEGACY_PASSWORD"),
                    required(values, "engine-url", "jdbc:postgresql://"), required(values, "engine-user", ""),
                    password(values, "engine-password", "BACKFILL_ENGINE_PASSWORD"),
                    values.getOrDefault("owner", "backfill-main-" + ProcessHandle.current().pid()),
                    resume, restart, quiet, BackfillSettings.fromMap(settings));
        }

        private static String required(Map<String, String> values, String key, String prefix) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("missing --" + key);
            }
            if (!value.startsWith(prefix)) {
                throw new IllegalArgumentException("invalid --" + key + " \"" + value + "\" (valid: " + prefix + "...)");
            }
            return value;
        }

        private static String password(Map<String, String> values, String key, String env) {
            String value = values.get(key);
            if (value == null) {
                value = System.getenv(env);
            }
            return value == null ? "" : value;
        }
    }
}
