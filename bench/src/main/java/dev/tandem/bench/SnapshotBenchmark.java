package dev.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillSchema;
import dev.tandem.backfill.BackfillSettings;
import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.checker.CheckerConfig;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.ProgressLine;
import dev.tandem.commandline.Values;
import dev.tandem.engine.schema.EngineSchema;
import dev.tandem.legacy.schema.LegacyMigration;
import dev.tandem.seed.LegacySeeder;
import dev.tandem.seed.SeedOptions;
import dev.tandem.testing.CheckerProcess;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.TestStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The consistency checker's first start over a real-sized token table, as at the start of every
 * migration: a legacy store of {@code --tokens} rows (the seeder's mix) and an engine holding the
 * backfill's copy of it, both on the running dev stack's servers but in databases, topics and a
 * state directory of the benchmark's own. It starts the checker as {@code ./tandem up} does (its own
 * JVM, {@code -Xmx512m}, both roles) and measures, from that start, the time until every change is
 * checked, nothing is pending and both streams lag under a second; the events checked per second;
 * the checker's peak heap and resident memory; and its CPU per 1,000 events. Everything it created
 * is removed afterwards.
 */
public final class SnapshotBenchmark {
    private static final int MAX_TOKENS = 10_000_000;
    private static final int DEFAULT_TOKENS = 100_000;
    private static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    private static final double CAUGHT_UP_LAG_SECONDS = 1.0;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SnapshotBenchmark() {
    }

    /** {@code bench snapshot}. */
    @Command(name = "snapshot", description = {"Seeds N legacy tokens into a database of its own on the dev stack's"
            + " MariaDB, copies them into a database of its own on its PostgreSQL with the backfill, then starts the"
            + " consistency checker (both captures and the check, as ./tandem up runs it) on fresh topics and measures"
            + " its catching up: time from the checker's start until every change is checked, no id is pending and"
            + " both streams lag under 1 s; events checked per second; the checker's peak heap and RSS; its CPU per"
            + " 1,000 events. Needs ./tandem up (the servers; the dev stack's own checker and data are not touched)."
            + " Removes what it created afterwards.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "1:the checker did not catch up in time",
                    "2:usage or setup error"})
    static final class Line implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        HelpOption help;
        @Mixin
        OutputOption output;
        int tokens;
        long seed;
        long timeout;

        @Option(names = "--tokens", order = 1, paramLabel = "N", defaultValue = "" + DEFAULT_TOKENS,
                description = "legacy rows, 1 to " + MAX_TOKENS + " (default ${DEFAULT-VALUE})")
        void tokens(String value) {
            tokens = (int) Values.whole(spec, "--tokens", value.replace("_", ""), 1, MAX_TOKENS);
        }

        @Option(names = "--seed", order = 2, paramLabel = "S", defaultValue = "1",
                description = "the seeder's random seed (default ${DEFAULT-VALUE})")
        void seed(String value) {
            seed = Values.whole(spec, "--seed", value.replace("_", ""), 0, Long.MAX_VALUE);
        }

        @Option(names = "--timeout-seconds", order = 3, paramLabel = "N", defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
                description = "longest wait for the checker to catch up, 10 to 86400 (default ${DEFAULT-VALUE})")
        void timeout(String value) {
            timeout = Values.whole(spec, "--timeout-seconds", value.replace("_", ""), 10, 86_400);
        }

        Options options() {
            return new Options(tokens, seed, Duration.ofSeconds(timeout), output.json());
        }

        @Override
        public Integer call() {
            return run(options());
        }
    }

    /** {@code json}: the result as one JSON object on stdout (progress is on stderr either way). */
    record Options(int tokens, long seed, Duration timeout, boolean json) {
    }

    /** What the checker did from its start until it had caught up. */
    record Result(int tokens, long copied, double seededSeconds, double backfillSeconds, double catchUpSeconds,
                  long events, double peakHeapMb, double peakRssMb, double cpuSeconds, double settledCritical,
                  double settledMajor) {
        double eventsPerSecond() {
            return events / catchUpSeconds;
        }

        double cpuMsPerThousandEvents() {
            return cpuSeconds * 1000 / (events / 1000.0);
        }
    }

    static int run(Options options) {
        if (System.getProperty(TestStack.ENDPOINTS_PROPERTY) == null && System.getenv(TestStack.ENDPOINTS_ENV) == null) {
            Path endpoints = Path.of(".tandem", "endpoints.env");
            if (!Files.isRegularFile(endpoints)) {
                System.err.println("tandem bench snapshot: " + endpoints.toAbsolutePath()
                        + " does not exist: start the dev stack with ./tandem up");
                return WriteBenchmark.EXIT_USAGE;
            }
            System.setProperty(TestStack.ENDPOINTS_PROPERTY, endpoints.toString());
        }
        try (Run run = new Run(TestStack.get())) {
            Result result = run.measure(options);
            System.out.print(options.json() ? json(result) + System.lineSeparator() : table(result));
            return WriteBenchmark.EXIT_DONE;
        } catch (CatchUpTimeout e) {
            System.err.println("tandem bench snapshot: " + e.getMessage());
            return WriteBenchmark.EXIT_REFUSED;
        } catch (Exception e) {
            System.err.println("tandem bench snapshot: " + e.getMessage());
            return WriteBenchmark.EXIT_USAGE;
        }
    }

    static String table(Result r) {
        return String.format(Locale.ROOT, """
                        checker first start over %,d legacy tokens (%,d copied to the engine)
                          seeded in %.1f s, backfilled in %.1f s (before the checker starts; not part of the figures)
                          caught up in        %8.1f s   (from the checker's start: every change checked, none pending, lag < 1 s)
                          events checked      %,8d     (%,.0f events/s)
                          checker heap, peak  %8.0f MB  (sampled each second)
                          checker RSS, peak   %8.0f MB
                          checker CPU         %8.1f s   (%.1f ms per 1,000 events)
                          settled divergence  %.0f critical, %.0f major (equal stores: 0 expected)
                        """, r.tokens(), r.copied(), r.seededSeconds(), r.backfillSeconds(), r.catchUpSeconds(), r.events(),
                r.eventsPerSecond(), r.peakHeapMb(), r.peakRssMb(), r.cpuSeconds(), r.cpuMsPerThousandEvents(),
                r.settledCritical(), r.settledMajor());
    }

    /** The table's figures for {@code -o json}, camelCase as the other benchmarks' JSON, units in the names. */
    static String json(Result r) {
        return new ObjectMapper().createObjectNode()
                .put("tokens", r.tokens())
                .put("copied", r.copied())
                .put("seededSeconds", r.seededSeconds())
                .put("backfillSeconds", r.backfillSeconds())
                .put("catchUpSeconds", r.catchUpSeconds())
                .put("events", r.events())
                .put("eventsPerSecond", r.eventsPerSecond())
                .put("peakHeapMb", r.peakHeapMb())
                .put("peakRssMb", r.peakRssMb())
                .put("cpuSeconds", r.cpuSeconds())
                .put("cpuMsPerThousandEvents", r.cpuMsPerThousandEvents())
                .put("settledCritical", r.settledCritical())
                .put("settledMajor", r.settledMajor())
                .toPrettyString();
    }

    /** The checker did not catch up within the timeout: a figure the benchmark cannot print. */
    static final class CatchUpTimeout extends Exception {
        CatchUpTimeout(String message) {
            super(message);
        }
    }

    /** One measurement and everything it creates, removed on close. */
    private static final class Run implements AutoCloseable {
        private final TestStack stack;
        private final String unique = HexFormat.of().formatHex(randomBytes());
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Path stateDir;
        private DatabaseEndpoint legacy;
        private DatabaseEndpoint engine;
        private CheckerProcess checker;

        Run(TestStack stack) throws IOException {
            this.stack = stack;
            this.stateDir = Files.createTempDirectory("tandem-bench-snapshot-");
        }

        Result measure(Options options) throws Exception {
            legacy = stack.freshLegacyDatabase();
            engine = stack.freshEngineDatabase();
            System.err.printf(Locale.ROOT, "seeding %,d legacy tokens into %s%n", options.tokens(), legacy);
            LegacySeeder.SeedReport seeded = LegacySeeder.seed(new SeedOptions(legacy.host(), legacy.port(),
                    legacy.database(), legacy.user(), legacy.password(), options.tokens(), options.seed(),
                    SeedOptions.DEFAULT_THREADS));
            try (Connection connection = legacy.connect()) {
                LegacyMigration.apply(connection);
            }
            EngineSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password());
            BackfillSchema.migrate(engine.jdbcUrl(), engine.user(), engine.password());
            System.err.printf(Locale.ROOT, "copying them into %s with the backfill%n", engine);
            long backfillStart = System.nanoTime();
            BackfillStatus copied = backfill();
            double backfillSeconds = (System.nanoTime() - backfillStart) / 1e9;

            int metricsPort = freePort();
            configure(metricsPort);
            Path log = stateDir.resolve("checker.log");
            System.err.println("starting the checker; its log: " + log);
            long start = System.nanoTime();
            checker = CheckerProcess.start(List.of("-Xmx512m"), CheckerProcess.moduleClassPath(), settings,
                    CheckerConfig.ROLE_CDC + "," + CheckerConfig.ROLE_CHECK, log);
            long expected = options.tokens() + copied.rowsCopied();
            Catching caught = awaitCaughtUp(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"), expected, start,
                    options.timeout());
            double cpu = ProcessHandle.of(checker.pid()).flatMap(p -> p.info().totalCpuDuration())
                    .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
            return new Result(options.tokens(), copied.rowsCopied(), seeded.seconds(), backfillSeconds,
                    (caught.at - start) / 1e9, caught.events, caught.peakHeapBytes / 1e6, rssPeakKb(checker.pid()) / 1e3,
                    cpu, caught.settledCritical, caught.settledMajor);
        }

        private BackfillStatus backfill() throws Exception {
            try (Backfill backfill = new Backfill(legacy::connect, engine::connect, "bench-snapshot", null)) {
                BackfillSettings defaults = BackfillSettings.defaults();
                // Unthrottled (no checker runs yet) and with no expiry horizon: every live row is copied.
                backfill.start(new BackfillSettings(defaults.chunkSize(), 0, 0, defaults.lagThresholdMs(),
                        defaults.leaseSeconds()));
                while (backfill.status().state() == BackfillState.RUNNING) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                BackfillStatus status = backfill.status();
                if (status.state() != BackfillState.DONE) {
                    throw new IllegalStateException("the backfill ended " + status.state() + ": " + status.error());
                }
                return status;
            }
        }

        /** What the dev stack's checker is given, on this run's databases, topics, slot and state. */
        private void configure(int metricsPort) {
            String prefix = "bench-snapshot." + unique;
            String slot = "bench_" + unique;
            settings.put(CheckerConfig.INSTANCE_ID_CONFIG, prefix);
            settings.put(CheckerConfig.STATE_DIR_CONFIG, stateDir.resolve("checker").toString());
            settings.put(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
            settings.put(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG, prefix + ".changes.legacy");
            settings.put(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG, prefix + ".changes.engine");
            settings.put(CheckerConfig.DEAD_LETTER_TOPIC_CONFIG, prefix + ".changes.dead-letter");
            settings.put(CheckerConfig.DIVERGENCE_TOPIC_CONFIG, prefix + ".divergence");
            settings.put(CheckerConfig.STATUS_TOPIC_CONFIG, prefix + ".checker.status");
            settings.put(CheckerConfig.CHECK_APPLICATION_ID_CONFIG, prefix + ".check");
            settings.put(CheckerConfig.LEGACY_HOST_CONFIG, legacy.host());
            settings.put(CheckerConfig.LEGACY_PORT_CONFIG, Integer.toString(legacy.port()));
            settings.put(CheckerConfig.LEGACY_DATABASE_CONFIG, legacy.database());
            settings.put(CheckerConfig.LEGACY_USER_CONFIG, legacy.user());
            settings.put(CheckerConfig.LEGACY_PASSWORD_CONFIG, legacy.password());
            // The dev stack's own checker reads the same binlog: a shared server id would make MariaDB drop one reader.
            settings.put(CheckerConfig.LEGACY_SERVER_ID_CONFIG, Long.toString(200_000 + (RANDOM.nextLong() & 0x7fff_ffffL)));
            settings.put(CheckerConfig.LEGACY_SERVER_NAME_CONFIG, prefix + ".legacy");
            settings.put(CheckerConfig.ENGINE_HOST_CONFIG, engine.host());
            settings.put(CheckerConfig.ENGINE_PORT_CONFIG, Integer.toString(engine.port()));
            settings.put(CheckerConfig.ENGINE_DATABASE_CONFIG, engine.database());
            settings.put(CheckerConfig.ENGINE_USER_CONFIG, engine.user());
            settings.put(CheckerConfig.ENGINE_PASSWORD_CONFIG, engine.password());
            settings.put(CheckerConfig.ENGINE_SLOT_NAME_CONFIG, slot);
            settings.put(CheckerConfig.ENGINE_PUBLICATION_NAME_CONFIG, slot);
            settings.put(CheckerConfig.ENGINE_SERVER_NAME_CONFIG, prefix + ".engine");
            settings.put(CheckerConfig.METRICS_PORT_CONFIG, Integer.toString(metricsPort));
        }

        /** How far the checker got: its figures when it had caught up. */
        private static final class Catching {
            long at;
            long events;
            double peakHeapBytes;
            double settledCritical;
            double settledMajor;
        }

        private Catching awaitCaughtUp(URI metrics, long expected, long start, Duration timeout)
                throws IOException, InterruptedException, CatchUpTimeout {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Catching catching = new Catching();
            ProgressLine progress = ProgressLine.on(System.err);
            long deadline = start + timeout.toNanos();
            long nextProgress = start + PROGRESS_EVERY.toNanos();
            while (true) {
                if (!checker.isAlive()) {
                    throw new IOException("the checker exited; its log: " + checker.logFile());
                }
                Map<String, Double> samples;
                try {
                    samples = PrometheusPage.scrape(http, metrics);
                } catch (IOException e) {
                    samples = Map.of(); // not listening yet
                }
                long now = System.nanoTime();
                if (!samples.isEmpty()) {
                    catching.events = (long) PrometheusPage.sum(samples, "tandem_checker_events_total", "store=");
                    catching.peakHeapBytes = Math.max(catching.peakHeapBytes,
                            PrometheusPage.sum(samples, "jvm_memory_used_bytes", "area=\"heap\""));
                    catching.settledCritical = PrometheusPage.sum(samples, "tandem_checker_settled_keys", "severity=\"critical\"");
                    catching.settledMajor = PrometheusPage.sum(samples, "tandem_checker_settled_keys", "severity=\"major\"");
                    double pending = samples.getOrDefault("tandem_checker_pending_keys", Double.NaN);
                    double legacyLag = samples.getOrDefault("tandem_checker_lag_seconds{store=\"legacy\"}", Double.NaN);
                    double engineLag = samples.getOrDefault("tandem_checker_lag_seconds{store=\"engine\"}", Double.NaN);
                    if (catching.events >= expected && pending == 0
                            && legacyLag < CAUGHT_UP_LAG_SECONDS && engineLag < CAUGHT_UP_LAG_SECONDS) {
                        catching.at = now;
                        return catching;
                    }
                    if (now >= nextProgress) {
                        progress.show(String.format(Locale.ROOT, "%5.0fs  %,d of %,d events checked, %,.0f pending, lag legacy %.1f s"
                                        + " engine %.1f s, heap %.0f MB%n", (now - start) / 1e9, catching.events, expected,
                                pending, legacyLag, engineLag,
                                PrometheusPage.sum(samples, "jvm_memory_used_bytes", "area=\"heap\"") / 1e6));
                        nextProgress = now + PROGRESS_EVERY.toNanos();
                    }
                }
                if (now > deadline) {
                    throw new CatchUpTimeout("the checker had not caught up after " + timeout.toSeconds() + " s: "
                            + catching.events + " of " + expected + " events checked; its log: " + checker.logFile());
                }
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            }
        }

        /** Stops the checker, then drops its slot, both databases and its topics. */
        @Override
        public void close() {
            if (checker != null) {
                checker.close();
                dropSlot(settings.get(CheckerConfig.ENGINE_SLOT_NAME_CONFIG));
                deleteTopics();
            }
            drop(legacy, stack.legacy());
            drop(engine, stack.engine());
        }

        private void dropSlot(String slot) {
            execute(stack.engine(), "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "'");
        }

        private void deleteTopics() {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
                List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(name -> name.contains(unique)).toList();
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("could not delete the benchmark's topics (" + unique + "): " + e.getMessage());
            }
        }

        private static void drop(DatabaseEndpoint database, DatabaseEndpoint server) {
            if (database != null) {
                // PostgreSQL drops no database with a session on it: FORCE ends the checker's leftovers too.
                execute(server, "DROP DATABASE IF EXISTS " + database.database()
                        + (server.flavor() == DatabaseEndpoint.Flavor.POSTGRESQL ? " WITH (FORCE)" : ""));
            }
        }

        private static void execute(DatabaseEndpoint server, String sql) {
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                System.err.println("cleanup failed (" + sql + "): " + e.getMessage());
            }
        }

        private static long rssPeakKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
                return -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[6];
            RANDOM.nextBytes(bytes);
            return bytes;
        }
    }
}
