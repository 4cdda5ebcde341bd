package dev.tandem.bench;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * {@code tandem bench writes}: write latency and throughput in {@code LEGACY_ONLY} and in
 * {@code DUAL_WRITE} at the same concurrency, side by side. Options: {@link LoadOptions}.
 *
 * <p>It changes the migration phase of the orchestrators it points at, so it refuses to start in
 * any phase but those two, and puts the phase back as it found it, also after a failure.
 */
public final class WriteBenchmark {
    static final int EXIT_DONE = 0;
    static final int EXIT_REFUSED = 1;
    static final int EXIT_USAGE = 2;
    private static final String REASON = "benchmark: tandem bench writes";

    private WriteBenchmark() {
    }

    /** {@code bench writes}. */
    @Command(name = "writes", description = {"Measures PUT /v1/tokens latency (p50, p99) and throughput in LEGACY_ONLY,"
            + " then in DUAL_WRITE, with the same load, and prints both side by side with their ratios. It switches the"
            + " migration phase through the admin API (forced, audited with reason \"benchmark\"), so it runs only while"
            + " the phase is LEGACY_ONLY or DUAL_WRITE, and it leaves the phase as it found it.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "1:refused (phase or admin API)",
                    "2:usage or connection error"})
    static final class Line extends LoadCommand {
        Line(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(BenchOptions options) {
            return WriteBenchmark.run(options);
        }
    }

    static int run(BenchOptions options) {
        HttpClient http = WriteLoad.client(Math.max(2, options.clients() / 4));
        Phases admin = new Phases(options.urls(), options.adminToken());
        String original = null;
        try {
            URI first = options.urls().get(0);
            original = admin.phase(first);
            if (!Phases.COMPARED.contains(original)) {
                System.err.println("bench: the migration is in " + original + "; the benchmark switches between"
                        + " LEGACY_ONLY and DUAL_WRITE and runs only in one of those");
                return EXIT_REFUSED;
            }
            WriteLoad load = new WriteLoad(http, options.urls(), options.clients(), options.adminToken());
            Run legacyOnly = measure(admin, http, load, "LEGACY_ONLY", options);
            Run dualWrite = measure(admin, http, load, "DUAL_WRITE", options);
            Comparison comparison = new Comparison(legacyOnly.result(), dualWrite.result(), dualWrite.stores(),
                    options.clients(), options.duration().toSeconds());
            System.out.print(options.json() ? comparison.json() + System.lineSeparator() : comparison.table());
            return EXIT_DONE;
        } catch (Phases.RefusedException e) {
            System.err.println("bench: " + e.getMessage());
            return EXIT_REFUSED;
        } catch (IOException e) {
            System.err.println("bench: cannot reach the orchestrator at " + options.urls() + ": " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_USAGE;
        } finally {
            admin.restore(original, REASON);
        }
    }

    /** One phase's measured writes, and each store's mean upsert time over them (null when unknown). */
    private record Run(WriteLoad.Result result, StoreTimes stores) {
    }

    private static Run measure(Phases admin, HttpClient http, WriteLoad load, String phase, BenchOptions options)
            throws IOException, InterruptedException, Phases.RefusedException {
        admin.forcePhase(phase, REASON);
        if (!options.json()) {
            System.out.printf("%s: %d s warm-up, %d s measured ...%n", phase, options.warmup().toSeconds(),
                    options.duration().toSeconds());
        }
        if (!options.warmup().isZero()) {
            load.run(options.warmup());
        }
        Map<String, Double> before = storeCounters(http, options);
        WriteLoad.Result result = load.run(options.duration());
        if (result.writes() == 0) {
            throw new IOException("no write succeeded in " + phase + (result.firstError() == null ? "" : "; first error: "
                    + result.firstError()));
        }
        Map<String, Double> after = storeCounters(http, options);
        return new Run(result, before == null || after == null ? null : StoreTimes.between(before, after));
    }

    /**
     * The orchestrators' upsert counters, or null (said on stderr) when their management port is not
     * where {@code tandem up} puts it: the store times are a help to read the figures, not one of them.
     */
    private static Map<String, Double> storeCounters(HttpClient http, BenchOptions options) throws InterruptedException {
        try {
            return StoreTimes.scrape(http, options.urls());
        } catch (IOException e) {
            System.err.println("bench: no per-store times: " + e.getMessage());
            return null;
        }
    }
}
