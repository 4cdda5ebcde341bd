package dev.tandem.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commit-to-verdict lag of the consistency checker under a sustained write rate in {@code DUAL_WRITE},
 * end to end: token writes through the orchestrator's API (mirrored to both stores), captured by
 * Debezium from both databases, checked by the running checker. The checker measures each change
 * from its source commit to its verdict into a histogram; this command sends the load, waits for the
 * checker to catch up, and reads p50 and p99 from the histogram's growth over the run, as the upper
 * bound of the bucket each falls in.
 *
 * <p>The load is open loop: {@code --rate} writes per second are started on schedule whatever the
 * answers' latency, with at most {@code --clients} in flight; a write that finds no free slot is
 * counted as not sent, so the achieved rate is printed next to the target.
 */
public final class CheckerLagBenchmark {
    private static final String REASON = "benchmark";
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(120);

    private CheckerLagBenchmark() {
    }

    /** {@code bench checker}: the load options with this benchmark's defaults (60 s, 256 writes in flight). */
    @Command(name = "checker", defaultValueProvider = Line.Defaults.class,
            description = {"Sends --rate token writes per second for --seconds through the orchestrator in DUAL_WRITE"
                    + " (forced from LEGACY_ONLY and put back after, audited \"benchmark\"), then prints the checker's"
                    + " commit-to-verdict p50 and p99 per store and the events it checked per second. Needs ./tandem up"
                    + " (orchestrator and checker). --clients bounds writes in flight. Legacy commit times have whole"
                    + " seconds only (MariaDB's binlog), so the engine figures are the precise ones: in DUAL_WRITE the"
                    + " engine's change is the later of each pair.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "1:refused", "2:usage or connection error"})
    static final class Line extends LoadCommand {
        static final String SECONDS = "60";
        static final String CLIENTS = "256";

        Line(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(BenchOptions options) {
            return CheckerLagBenchmark.run(options);
        }

        /** This benchmark's defaults where they differ from the write benchmark's; the help shows them. */
        static final class Defaults implements IDefaultValueProvider {
            @Override
            public String defaultValue(ArgSpec argSpec) {
                if (argSpec instanceof OptionSpec option) {
                    return switch (option.longestName()) {
                        case "--seconds" -> SECONDS;
                        case "--clients" -> CLIENTS;
                        default -> option.defaultValue();
                    };
                }
                return null;
            }
        }
    }

    static int run(BenchOptions options) {
        HttpClient http = WriteLoad.client(4);
        Phases admin = new Phases(options.urls(), options.adminToken());
        String original = null;
        try {
            original = admin.phase(options.urls().get(0));
            if (!original.equals("LEGACY_ONLY") && !original.equals("DUAL_WRITE")) {
                System.err.println("bench checker: the migration is in " + original + "; the benchmark runs in DUAL_WRITE,"
                        + " switched to from LEGACY_ONLY only");
                return WriteBenchmark.EXIT_REFUSED;
            }
            admin.forcePhase("DUAL_WRITE", REASON);
            Map<String, Double> before = PrometheusPage.scrape(http, options.checkerMetrics());
            Load load = send(http, options);
            awaitCaughtUp(http, options.checkerMetrics());
            Map<String, Double> after = PrometheusPage.scrape(http, options.checkerMetrics());
            double seconds = options.duration().toSeconds();
            double events = delta(before, after, "tandem_checker_events_total{store=\"legacy\"}")
                    + delta(before, after, "tandem_checker_events_total{store=\"engine\"}");
            String report = options.json() ? json(options, load, before, after, events / seconds)
                    : table(options, load, before, after, events / seconds);
            System.out.print(report);
            return WriteBenchmark.EXIT_DONE;
        } catch (Phases.RefusedException e) {
            System.err.println("bench checker: " + e.getMessage());
            return WriteBenchmark.EXIT_REFUSED;
        } catch (IOException e) {
            System.err.println("bench checker: " + e.getMessage());
            return WriteBenchmark.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WriteBenchmark.EXIT_USAGE;
        } finally {
            if (original != null) {
                try {
                    admin.forcePhase(original, REASON);
                } catch (Exception e) {
                    System.err.println("bench checker: could not put the phase back to " + original + ": " + e.getMessage());
                }
            }
        }
    }

    record Load(long sent, long failed, long notSent, String firstError) {
    }

    private static Load send(HttpClient http, BenchOptions options) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.clients());
        AtomicLong failed = new AtomicLong();
        AtomicLong notSent = new AtomicLong();
        String[] firstError = new String[1];
        URI base = options.urls().get(0);
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        long due = 0;
        long sent = 0;
        System.err.printf(Locale.ROOT, "bench checker: %d writes/s for %d s through %s%n", options.rate(),
                options.duration().toSeconds(), base);
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            due = (now - start) * options.rate() / 1_000_000_000L;
            while (sent + notSent.get() < due) {
                if (!inFlight.tryAcquire()) {
                    notSent.incrementAndGet();
                    continue;
                }
                sent++;
                String id = WriteLoad.newTokenId();
                HttpRequest request = WriteLoad.put(base, id, options.adminToken());
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    inFlight.release();
                    if (error != null || response.statusCode() != 200) {
                        failed.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = error != null ? error.toString() : "PUT answered " + response.statusCode();
                            }
                        }
                    }
                });
            }
            Thread.sleep(1);
        }
        inFlight.acquire(options.clients());
        return new Load(sent, failed.get(), notSent.get(), firstError[0]);
    }

    /** The checker has read both change streams to their end and holds nothing pending. */
    private static void awaitCaughtUp(HttpClient http, URI metrics) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (true) {
            Map<String, Double> now = PrometheusPage.scrape(http, metrics);
            if (now.getOrDefault("tandem_checker_lag_seconds{store=\"legacy\"}", 1.0) == 0
                    && now.getOrDefault("tandem_checker_lag_seconds{store=\"engine\"}", 1.0) == 0
                    && now.getOrDefault("tandem_checker_pending_keys", 1.0) == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the checker did not catch up within " + CATCH_UP_LIMIT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    /**
     * The upper bound, in ms, of the histogram bucket holding quantile {@code q} of the changes of
     * {@code store} counted between {@code before} and {@code after}; NaN when none were.
     */
    static double millis(Map<String, Double> before, Map<String, Double> after, String store, double q) {
        String prefix = "tandem_checker_verdict_latency_seconds_bucket{store=\"" + store + "\",le=\"";
        TreeMap<Double, Double> counts = new TreeMap<>();
        after.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String le = key.substring(prefix.length(), key.length() - 2);
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                counts.put(bound, value - before.getOrDefault(key, 0.0));
            }
        });
        double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String table(BenchOptions options, Load load, Map<String, Double> before, Map<String, Double> after,
                                double eventsPerSecond) {
        double seconds = options.duration().toSeconds();
        return String.format(Locale.ROOT, """
                        writes: %d sent in %.0f s (%.0f/s, target %d/s), %d failed, %d not sent (all %d slots busy)%s
                        commit-to-verdict   p50 (at most)   p99 (at most)   (histogram bucket bounds)
                          engine changes    %7.0f ms      %7.0f ms
                          legacy changes    %7.0f ms      %7.0f ms   (whole-second commit times: reads up to 1 s high)
                        checked: %.0f events/s
                        """, load.sent(), seconds, load.sent() / seconds, options.rate(), load.failed(), load.notSent(),
                options.clients(), load.firstError() == null ? "" : "\n  first failure: " + load.firstError(),
                millis(before, after, "engine", 0.5), millis(before, after, "engine", 0.99),
                millis(before, after, "legacy", 0.5), millis(before, after, "legacy", 0.99), eventsPerSecond);
    }

    private static String json(BenchOptions options, Load load, Map<String, Double> before, Map<String, Double> after,
                               double eventsPerSecond) {
        double seconds = options.duration().toSeconds();
        return String.format(Locale.ROOT, "{\"targetRate\":%d,\"sent\":%d,\"rate\":%.1f,\"failed\":%d,\"notSent\":%d,"
                        + "\"engineP50Ms\":%.1f,\"engineP99Ms\":%.1f,\"legacyP50Ms\":%.1f,\"legacyP99Ms\":%.1f,\"eventsPerSecond\":%.1f}%n",
                options.rate(), load.sent(), load.sent() / seconds, load.failed(), load.notSent(),
                millis(before, after, "engine", 0.5), millis(before, after, "engine", 0.99),
                millis(before, after, "legacy", 0.5), millis(before, after, "legacy", 0.99), eventsPerSecond);
    }
}
