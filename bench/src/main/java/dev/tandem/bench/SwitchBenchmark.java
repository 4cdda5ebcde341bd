package dev.tandem.bench;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tandem bench switch}: the write pause a switch of the primary causes. The same write load
 * runs twice: once with no switch (the baseline), once while the primary is switched back and forth
 * between READ_ENGINE and WRITE_ENGINE {@code --switches} times, evenly spread. Prints how long each
 * switch held writes (the barrier's own figure, from the audit) and the write latency of both runs
 * side by side. The target: writes held at most {@value #TARGET_HOLD_MS} ms at p99.
 *
 * <p>Steps forward are forced (a bench stack has no finished backfill or verification, so the guards
 * refuse), which still runs the whole barrier; steps back are not. It leaves the phase as it found it.
 */
public final class SwitchBenchmark {
    static final long TARGET_HOLD_MS = 1_000;
    private static final Set<String> PHASES_ALLOWED = Set.of("DUAL_WRITE", "SHADOW_READ", "READ_ENGINE", "WRITE_ENGINE");
    private static final String REASON = "benchmark: tandem bench switch";
    private static final Pattern HELD = Pattern.compile("writes held (\\d+) ms");
    private static final int SWITCHES = 6;
    private static final List<String> WALK = List.of("DUAL_WRITE", "SHADOW_READ", "READ_ENGINE");

    private SwitchBenchmark() {
    }

    /** {@code bench switch}. */
    @Command(name = "switch", description = {"The write pause a switch of the primary causes: the same write load with"
            + " no switch, then while the primary is switched between READ_ENGINE and WRITE_ENGINE " + SWITCHES
            + " times; prints how long each switch held writes and the write latency of both runs. Runs from"
            + " DUAL_WRITE, SHADOW_READ, READ_ENGINE or WRITE_ENGINE and leaves the phase as it found it.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "1:refused (phase or admin API)",
                    "2:usage or connection error"})
    static final class Line extends LoadCommand {
        Line(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(BenchOptions options) {
            return SwitchBenchmark.run(options);
        }
    }

    static int run(BenchOptions options) {
        HttpClient http = WriteLoad.client(Math.max(2, options.clients() / 4));
        Phases admin = new Phases(options.urls(), options.adminToken());
        String original = null;
        try {
            URI first = options.urls().get(0);
            original = admin.phase(first);
            if (!PHASES_ALLOWED.contains(original)) {
                System.err.println("bench: the migration is in " + original + "; the benchmark switches the primary"
                        + " between READ_ENGINE and WRITE_ENGINE and starts only from one of " + PHASES_ALLOWED);
                return WriteBenchmark.EXIT_REFUSED;
            }
            // Forward one phase at a time, as the state machine allows; from WRITE_ENGINE one step back.
            for (int i = WALK.indexOf(original) + 1; i <= WALK.indexOf("READ_ENGINE"); i++) {
                admin.forcePhase(WALK.get(i), REASON);
            }
            admin.forcePhase("READ_ENGINE", REASON);
            WriteLoad load = new WriteLoad(http, options.urls(), options.clients(), options.adminToken());
            if (!options.warmup().isZero()) {
                load.run(options.warmup());
            }
            WriteLoad.Result baseline = load.run(options.duration());
            List<Long> held = new ArrayList<>();
            WriteLoad.Result switching = whileSwitching(admin, load, options.duration(), held);
            System.out.print(table(baseline, switching, held, options));
            return WriteBenchmark.EXIT_DONE;
        } catch (Phases.RefusedException e) {
            System.err.println("bench: " + e.getMessage());
            return WriteBenchmark.EXIT_REFUSED;
        } catch (IOException e) {
            System.err.println("bench: cannot reach the orchestrator at " + options.urls() + ": " + e.getMessage());
            return WriteBenchmark.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WriteBenchmark.EXIT_USAGE;
        } finally {
            restore(admin, original);
        }
    }

    /** The load for {@code duration}, with {@link #SWITCHES} switches spread evenly over it. */
    private static WriteLoad.Result whileSwitching(Phases admin, WriteLoad load, Duration duration, List<Long> held)
            throws IOException, InterruptedException, Phases.RefusedException {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<WriteLoad.Result> result = runner.submit(() -> load.run(duration));
            long gapNanos = duration.toNanos() / (SWITCHES + 1);
            long next = System.nanoTime() + gapNanos;
            for (int i = 0; i < SWITCHES; i++) {
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                boolean forward = i % 2 == 0;
                String line = admin.step(forward ? "WRITE_ENGINE" : "READ_ENGINE", forward, REASON);
                Matcher matcher = HELD.matcher(line == null ? "" : line);
                if (!matcher.find()) {
                    throw new IOException("the switch answered no barrier figure in the audit: " + line);
                }
                if (line.contains("FORCED past")) {
                    System.err.println("bench: switch " + (i + 1) + " timed out and was forced: " + line);
                }
                held.add(Long.parseLong(matcher.group(1)));
                next += gapNanos;
            }
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("the write load failed: " + e.getCause(), e.getCause());
        } finally {
            runner.shutdownNow();
        }
    }

    static String table(WriteLoad.Result baseline, WriteLoad.Result switching, List<Long> held, BenchOptions options) {
        Histogram holds = new Histogram(3_600_000, 3);
        held.forEach(holds::recordValue);
        long p99 = holds.getValueAtPercentile(99);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Switch benchmark: %d clients, %d s per run, %d switches READ_ENGINE <->"
                + " WRITE_ENGINE%n%n", options.clients(), options.duration().toSeconds(), held.size()));
        out.append(String.format(Locale.ROOT, "writes held per switch (ms): %s%n", held));
        out.append(String.format(Locale.ROOT, "  min %d, median %d, p99 %d, max %d   target p99 <= %d ms %s%n%n",
                holds.getMinValue(), holds.getValueAtPercentile(50), p99, holds.getMaxValue(), TARGET_HOLD_MS,
                p99 <= TARGET_HOLD_MS ? "met" : "NOT met"));
        out.append(String.format(Locale.ROOT, "%-22s %12s %12s %9s%n", "", "no switch", "switching", "ratio"));
        for (double percentile : new double[] {50, 99, 100}) {
            double a = baseline.percentileMillis(percentile);
            double b = switching.percentileMillis(percentile);
            out.append(String.format(Locale.ROOT, "%-22s %12.1f %12.1f %8.2fx%n",
                    (percentile == 100 ? "max" : "p" + (int) percentile) + " latency (ms)", a, b, b / a));
        }
        out.append(String.format(Locale.ROOT, "%-22s %12.0f %12.0f %8.2fx%n", "throughput (writes/s)",
                baseline.throughputPerSecond(), switching.throughputPerSecond(),
                switching.throughputPerSecond() / baseline.throughputPerSecond()));
        out.append(String.format(Locale.ROOT, "%-22s %12d %12d%n", "errors", baseline.errors(), switching.errors()));
        return out.toString();
    }

    private static void restore(Phases admin, String original) {
        if (original == null) {
            return;
        }
        try {
            admin.forcePhase(original, REASON + " (restoring the phase it found)");
        } catch (Exception e) {
            System.err.println("bench: could not put the phase back to " + original + ": " + e.getMessage());
        }
    }
}
