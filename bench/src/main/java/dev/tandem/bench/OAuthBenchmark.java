package dev.tandem.bench;

import dev.tandem.admin.client.AdminCallException;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.oauth.client.OAuthApp;
import dev.tandem.oauth.client.OAuthClient;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code tandem bench oauth}: code flows with PKCE and refreshes per second through the orchestrators'
 * OAuth endpoints, with p50 and p99, in {@code LEGACY_ONLY} and then in {@code DUAL_WRITE} at the same
 * concurrency, with the ratio DUAL_WRITE / LEGACY_ONLY. Options: {@link LoadOptions}. It registers one
 * public app through the admin API, switches the phase as {@link WriteBenchmark} does (forced, audited),
 * and puts the phase back as it found it, also after a failure. It prints figures and asserts none.
 */
public final class OAuthBenchmark {
    private static final String REASON = "benchmark: tandem bench oauth";
    static final String REDIRECT = "https://bench.example/callback";

    private OAuthBenchmark() {
    }

    /** {@code bench oauth}. */
    @Command(name = "oauth", description = {"Measures code flows with PKCE (the authorization request, answered by the"
            + " dev login, and the code's redemption) and refreshes through the OAuth endpoints: p50, p99 and per second"
            + " in LEGACY_ONLY, then in DUAL_WRITE, with the same load, side by side with their ratios. It registers a"
            + " public app (POST /admin/apps) and switches the migration phase through the admin API (forced, audited"
            + " with reason \"benchmark\"), so it runs only while the phase is LEGACY_ONLY or DUAL_WRITE, and it leaves"
            + " the phase as it found it.", ""},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:measured", "1:refused (phase or admin API)",
                    "2:usage or connection error"})
    static final class Line extends LoadCommand {
        Line(Map<String, String> environment) {
            super(environment);
        }

        @Override
        int run(BenchOptions options) {
            return OAuthBenchmark.run(options);
        }
    }

    static int run(BenchOptions options) {
        Phases admin = new Phases(options.urls(), options.adminToken());
        String original = null;
        try {
            original = admin.phase(options.urls().get(0));
            if (!Phases.COMPARED.contains(original)) {
                System.err.println("bench: the migration is in " + original + "; the benchmark switches between"
                        + " LEGACY_ONLY and DUAL_WRITE and runs only in one of those");
                return WriteBenchmark.EXIT_REFUSED;
            }
            List<OAuthClient> instances = OAuthClient.discover(options.urls());
            OAuthApp app = OAuthApp.register(new AdminClient(options.urls(), options.adminToken()), "bench-oauth", REDIRECT,
                    false, "openid offline_access");
            OAuthLoad load = new OAuthLoad(instances, app, options.clients());
            OAuthLoad.Result legacyOnly = measure(admin, load, "LEGACY_ONLY", options);
            OAuthLoad.Result dualWrite = measure(admin, load, "DUAL_WRITE", options);
            OAuthComparison comparison = new OAuthComparison(legacyOnly, dualWrite, options.clients(),
                    options.duration().toSeconds());
            System.out.print(options.json() ? comparison.json() + System.lineSeparator() : comparison.table());
            return WriteBenchmark.EXIT_DONE;
        } catch (Phases.RefusedException e) {
            System.err.println("bench: " + e.getMessage());
            return WriteBenchmark.EXIT_REFUSED;
        } catch (AdminCallException e) {
            System.err.println("bench: registering the benchmark's app: " + e.getMessage());
            return WriteBenchmark.EXIT_REFUSED;
        } catch (IOException e) {
            System.err.println("bench: cannot reach the orchestrator at " + options.urls() + ": " + e.getMessage());
            return WriteBenchmark.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WriteBenchmark.EXIT_USAGE;
        } finally {
            admin.restore(original, REASON);
        }
    }

    private static OAuthLoad.Result measure(Phases admin, OAuthLoad load, String phase, BenchOptions options)
            throws IOException, InterruptedException, Phases.RefusedException {
        admin.forcePhase(phase, REASON);
        if (!options.json()) {
            System.out.printf("%s: %d s warm-up, %d s measured ...%n", phase, options.warmup().toSeconds(),
                    options.duration().toSeconds());
        }
        if (!options.warmup().isZero()) {
            load.run(options.warmup());
        }
        OAuthLoad.Result result = load.run(options.duration());
        if (result.flows().writes() == 0 || result.refreshes().writes() == 0) {
            String first = result.flows().firstError() != null ? result.flows().firstError() : result.refreshes().firstError();
            throw new IOException("no code flow or no refresh succeeded in " + phase + (first == null ? "" : "; first error: " + first));
        }
        return result;
    }
}
