package dev.tandem.demo;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminCallException;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.view.Severities;
import dev.tandem.commandline.Commands;
import dev.tandem.demo.summary.Summary;
import dev.tandem.demo.summary.SummaryJson;
import dev.tandem.demo.summary.SummaryText;
import dev.tandem.demo.walk.WalkFailure;
import dev.tandem.demo.walk.WalkRecord;
import dev.tandem.demo.walk.Walker;
import dev.tandem.demo.workload.Workload;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tandem demo}: a live OAuth workload against the orchestrators' OAuth endpoints for the whole run while the migration
 * walks by itself from LEGACY_ONLY to ENGINE_ONLY, then a summary. The launcher has started the
 * stack and seeded legacy; this main drives the rest through the public and admin APIs only.
 * See {@link DemoCommand}.
 */
public final class Demo {
    public static final int EXIT_PASSED = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        return Commands.run("demo", new DemoCommand(env, options -> run(options, stdout, stderr)), args, stdout, stderr);
    }

    private static int run(DemoOptions options, PrintStream stdout, PrintStream stderr) {
        PrintStream progress = options.json() ? stderr : stdout;
        Clock clock = Clock.systemUTC();
        Instant start = clock.instant();
        // The walk asks the first instance only: its answers say what that one applies.
        AdminClient admin = new AdminClient(List.of(options.urls().get(0)), options.adminToken());
        Workload workload = new Workload(options.urls(), admin, options.rate(), options.clients(), clock);
        Walker walker = new Walker(admin, workload, clock,
                new Walker.Timing(options.timeout(), Duration.ofSeconds(1), options.warmup(), options.drill(), options.engineWrites()),
                progress::println);
        progress.printf("demo: %,d req/s over %d clients against %s; admin API at %s%n", options.rate(), options.clients(),
                options.urls(), admin.base());
        String failure = null;
        try {
            walker.run();
        } catch (WalkFailure e) {
            failure = e.getMessage();
            progress.println("demo: stopped: " + failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            try {
                workload.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Summary summary = summarize(options, walker.record(), workload, admin, failure, Duration.between(start, clock.instant()), clock);
        if (options.json()) {
            stdout.println(SummaryJson.render(summary).toPrettyString());
        } else {
            stdout.print(SummaryText.render(summary));
        }
        return summary.passed() ? EXIT_PASSED : EXIT_FAILED;
    }

    private static Summary summarize(DemoOptions options, WalkRecord record, Workload workload, AdminClient admin,
                                     String failure, Duration total, Clock clock) {
        List<String> notes = new ArrayList<>();
        Map<String, Long> settled = null;
        Map<String, Long> repairs = null;
        try {
            settled = settled(admin.call(AdminCall.checker()).settled());
            if (settled == null) {
                notes.add("GET /admin/checker answered no settled divergence counts (is the checker reporting?)");
            }
        } catch (AdminCallException e) {
            notes.add(e.getMessage());
        }
        try {
            repairs = admin.call(AdminCall.repairs()).counts();
        } catch (AdminCallException e) {
            notes.add(e.getMessage());
        }
        List<String> where = List.of(
                "migration state:  GET " + admin.base() + "/admin/migration  (./tandem status, ./tandem audit)",
                "metrics:          " + options.metricsUrl(),
                "divergence:       ./tandem divergence, ./tandem checker, ./tandem repair",
                "logs:             .tandem/orchestrator-" + options.urls().get(0).getPort() + ".log");
        return new Summary(failure, workload.snapshot(), record.phases().spent(clock.instant()), record.rampSteps(),
                record.finalPhase(), options.tokens(), record.backfill(), record.backfillTime(), record.verifications(),
                settled, repairs, notes, where, total);
    }

    /** Keys settled as divergent by severity, in the summary's order; null when the checker gave no counts. */
    private static Map<String, Long> settled(Severities settled) {
        if (settled == null || settled.critical() == null || settled.major() == null || settled.minor() == null) {
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("critical", settled.critical());
        counts.put("major", settled.major());
        counts.put("minor", settled.minor());
        return counts;
    }
}
