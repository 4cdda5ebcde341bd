package dev.tandem.bench;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * The options of the benchmarks that load the orchestrators ({@code writes}, {@code switch},
 * {@code checker}), a {@code @Mixin}; {@link BenchOptions#resolve} completes them from the stack's
 * state. A benchmark with other defaults gives them through its command's default provider.
 */
final class LoadOptions {
    static final int MAX_CLIENTS = 1024;
    static final int MAX_SECONDS = 3600;
    static final int MAX_WARMUP_SECONDS = 600;
    static final int MAX_RATE = 100_000;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Option(names = "--url", paramLabel = "URL[,URL...]", order = 1,
            description = "orchestrator URLs (default: ORCHESTRATOR_URLS in DIR/endpoints.env, else " + BenchOptions.DEFAULT_URL + ")")
    String urls;
    @Option(names = "--admin-token-file", paramLabel = "FILE", order = 2,
            description = "file holding the operator token (default: $" + BenchOptions.TOKEN_ENV + ", else DIR/admin-token)")
    Path tokenFile;
    int clients;
    int seconds;
    int warmup;
    int rate;
    @Option(names = "--checker-metrics", paramLabel = "URL", order = 7, description = "the checker's Prometheus page"
            + " (default: CHECKER_METRICS_URL in DIR/endpoints.env, else " + BenchOptions.DEFAULT_CHECKER_METRICS + ")")
    String checkerMetrics;
    @Option(names = "--state-dir", paramLabel = "DIR", order = 8, defaultValue = ".tandem",
            description = "the stack's state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;
    @Mixin
    OutputOption output;

    @Option(names = "--clients", paramLabel = "N", order = 3, defaultValue = "" + BenchOptions.DEFAULT_CLIENTS,
            description = "concurrent clients (writes in flight), 1 to " + MAX_CLIENTS + " (default ${DEFAULT-VALUE})")
    void clients(String value) {
        clients = (int) Values.whole(spec, "--clients", value, 1, MAX_CLIENTS);
    }

    @Option(names = "--seconds", paramLabel = "N", order = 4, defaultValue = "" + BenchOptions.DEFAULT_SECONDS,
            description = "measured seconds per phase, 1 to " + MAX_SECONDS + " (default ${DEFAULT-VALUE})")
    void seconds(String value) {
        seconds = (int) Values.whole(spec, "--seconds", value, 1, MAX_SECONDS);
    }

    @Option(names = "--warmup-seconds", paramLabel = "N", order = 5, defaultValue = "" + BenchOptions.DEFAULT_WARMUP_SECONDS,
            description = "unmeasured seconds per phase first, 0 to " + MAX_WARMUP_SECONDS + " (default ${DEFAULT-VALUE})")
    void warmup(String value) {
        warmup = (int) Values.whole(spec, "--warmup-seconds", value, 0, MAX_WARMUP_SECONDS);
    }

    @Option(names = "--rate", paramLabel = "N", order = 6, defaultValue = "" + BenchOptions.DEFAULT_RATE,
            description = "writes per second of the checker benchmark (open loop), 1 to " + MAX_RATE
                    + " (default ${DEFAULT-VALUE})")
    void rate(String value) {
        rate = (int) Values.whole(spec, "--rate", value, 1, MAX_RATE);
    }
}
