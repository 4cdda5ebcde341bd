package dev.tandem.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.ProgressLine;
import dev.tandem.commandline.Secret;
import dev.tandem.commandline.UsageException;
import dev.tandem.engine.schema.EngineSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs one backfill to its end from the command line, printing progress, and the rate at the end:
 * for benchmarks and for the kill -9 test. The orchestrator hosts {@link Backfill} itself.
 * Exit codes: 0 DONE, 1 FAILED or a database error, 2 bad usage.
 */
@Command(name = "BackfillMain",
        description = {"Copies the legacy store's rows into the engine (migrating the engine schema first) and waits"
                + " until the backfill is DONE or FAILED. The passwords come from " + BackfillMain.LEGACY_PASSWORD
                + " and " + BackfillMain.ENGINE_PASSWORD + " (empty when unset), never from an option: a command"
                + " line is readable by every user of the host.", ""},
        footer = {"", "Settings (each as --key value, e.g. --rows.per.second 5000) are listed with the options."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:DONE", "1:FAILED or a database error", "2:bad usage"})
public final class BackfillMain implements Callable<Integer> {
    static final String LEGACY_PASSWORD = "BACKFILL_LEGACY_PASSWORD";
    static final String ENGINE_PASSWORD = "BACKFILL_ENGINE_PASSWORD";
    private static final List<Secret> SECRETS = List.of(new Secret("--legacy-password", LEGACY_PASSWORD),
            new Secret("--engine-password", ENGINE_PASSWORD));

    @Mixin
    HelpOption help;
    @Option(names = "--legacy-url", required = true, paramLabel = "URL", description = "the legacy store, jdbc:mariadb://H:P/DB")
    String legacyUrl;
    @Option(names = "--legacy-user", required = true, paramLabel = "U", description = "login to the legacy store")
    String legacyUser;
    @Option(names = "--engine-url", required = true, paramLabel = "URL", description = "the engine, jdbc:postgresql://H:P/DB")
    String engineUrl;
    @Option(names = "--engine-user", required = true, paramLabel = "U", description = "login to the engine")
    String engineUser;
    @Option(names = "--owner", paramLabel = "NAME", description = "the lease owner (default: backfill-main-PID)")
    String owner;
    @Option(names = "--resume", description = "continue the existing backfill from its checkpoint (after a kill, a pause,"
            + " a failure)")
    boolean resume;
    @Option(names = "--restart", description = "start over from the first id even if a backfill exists")
    boolean restart;
    @Option(names = "--quiet", description = "no progress while it runs, only the result")
    boolean quiet;
    @Mixin
    OutputOption output;
    /** The {@link BackfillSettings} given, by key; their options are added from {@link BackfillSettings#docs()}. */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> environment;

    private BackfillMain(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        BackfillMain command = new BackfillMain(environment);
        CommandLine commandLine = new CommandLine(command);
        BackfillSettings.docs().forEach((key, doc) -> commandLine.getCommandSpec().addOption(OptionSpec.builder("--" + key)
                .paramLabel("VALUE").type(String.class).description(doc)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        if (value != null) {
                            command.settings.put(key, (String) value);
                        }
                        return null;
                    }
                }).build()));
        return Commands.run("backfill", commandLine, args, out, err, SECRETS);
    }

    @Override
    public Integer call() throws UsageException, InterruptedException {
        if (resume && restart) {
            throw new UsageException("--resume and --restart exclude each other");
        }
        requireScheme("--legacy-url", legacyUrl, "jdbc:mariadb://");
        requireScheme("--engine-url", engineUrl, "jdbc:postgresql://");
        BackfillSettings parsed;
        try {
            parsed = BackfillSettings.fromMap(settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return run(new Options(legacyUrl, legacyUser, SECRETS.get(0).orElse(environment, ""), engineUrl, engineUser,
                SECRETS.get(1).orElse(environment, ""), owner != null ? owner : "backfill-main-" + ProcessHandle.current().pid(),
                resume, restart, quiet, output.json(), parsed));
    }

    private static void requireScheme(String option, String value, String scheme) throws UsageException {
        if (!value.startsWith(scheme)) {
            throw new UsageException("invalid " + option + " '" + value + "' (valid: " + scheme + "...)");
        }
    }

    private static int run(Options options) throws InterruptedException {
        EngineSchema.migrate(options.engineUrl, options.engineUser, options.enginePassword);
        BackfillSchema.migrate(options.engineUrl, options.engineUser, options.enginePassword);
        JdbcConnector legacy = () -> DriverManager.getConnection(options.legacyUrl, options.legacyUser, options.legacyPassword);
        JdbcConnector engine = () -> DriverManager.getConnection(options.engineUrl, options.engineUser, options.enginePassword);
        long startNanos = System.nanoTime();
        try (Backfill backfill = new Backfill(legacy, engine, options.owner, null);
             // With -o json stdout holds the result alone: progress goes to stderr.
             ProgressLine progress = ProgressLine.on(options.json ? System.err : System.out)) {
            BackfillStatus status = options.resume ? backfill.resume() : backfill.start(options.settings, options.restart);
            long scannedAtStart = options.resume ? status.rowsScanned() : 0;
            while (status.state() == BackfillState.RUNNING || status.state() == BackfillState.PAUSED) {
                if (!options.quiet) {
                    progress.show(progress(status));
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
            progress.show(progress(status));
            progress.close();
            Summary summary = new Summary(status, scanned, seconds);
            System.out.println(options.json ? summary.json() : summary.text());
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
                           boolean quiet, boolean json, BackfillSettings settings) {
    }

    /** The result of one run: its final status, the rows it scanned itself and in how many seconds. */
    record Summary(BackfillStatus status, long scanned, double seconds) {
        double scannedPerSecond() {
            return scanned / Math.max(seconds, 1e-9);
        }

        String text() {
            return String.format(Locale.ROOT, "backfill %s: %d rows scanned in %.1f s (%.0f rows/s); copied %d, skipped %d"
                            + " expired, %d expiring, %d already in the engine; %d live tokens only in legacy, the last"
                            + " expiring at %s", status.state(), scanned, seconds, scannedPerSecond(), status.rowsCopied(),
                    status.rowsSkippedExpired(), status.rowsSkippedExpiring(), status.rowsSkippedNewerInEngine(),
                    status.liveOnlyInLegacy(), status.lastLegacyOnlyExpiry());
        }

        /** The same figures, named as in {@link BackfillStatus} (the admin API's JSON); the error, null when none. */
        String json() {
            ObjectNode root = new ObjectMapper().createObjectNode()
                    .put("state", String.valueOf(status.state()))
                    .put("rowsScanned", scanned)
                    .put("seconds", seconds)
                    .put("rowsPerSecond", scannedPerSecond())
                    .put("rowsCopied", status.rowsCopied())
                    .put("rowsSkippedExpired", status.rowsSkippedExpired())
                    .put("rowsSkippedExpiring", status.rowsSkippedExpiring())
                    .put("rowsSkippedNewerInEngine", status.rowsSkippedNewerInEngine())
                    .put("liveOnlyInLegacy", status.liveOnlyInLegacy())
                    .put("lastLegacyOnlyExpiry", status.lastLegacyOnlyExpiry() == null ? null
                            : status.lastLegacyOnlyExpiry().toString())
                    .put("error", status.error());
            return root.toPrettyString();
        }
    }
}
