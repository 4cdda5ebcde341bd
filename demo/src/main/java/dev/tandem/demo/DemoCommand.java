package dev.tandem.demo;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

import static dev.tandem.demo.DemoOptions.DEFAULT_CLIENTS;
import static dev.tandem.demo.DemoOptions.DEFAULT_DRILL_SECONDS;
import static dev.tandem.demo.DemoOptions.DEFAULT_ENGINE_WRITE_SECONDS;
import static dev.tandem.demo.DemoOptions.DEFAULT_RATE;
import static dev.tandem.demo.DemoOptions.DEFAULT_TIMEOUT_SECONDS;
import static dev.tandem.demo.DemoOptions.DEFAULT_TOKENS;
import static dev.tandem.demo.DemoOptions.DEFAULT_URL;
import static dev.tandem.demo.DemoOptions.DEFAULT_WARMUP_SECONDS;
import static dev.tandem.demo.DemoOptions.MAX_CLIENTS;
import static dev.tandem.demo.DemoOptions.MAX_RATE;
import static dev.tandem.demo.DemoOptions.MAX_TOKENS;
import static dev.tandem.demo.DemoOptions.TOKEN_ENV;

/** The demo's command line (picocli); {@link #options} resolves it against the stack's state into {@link DemoOptions}. */
@Command(name = "Demo",
        description = {"Walks a live migration from LEGACY_ONLY to ENGINE_ONLY through the admin API while a"
                + " workload of OAuth clients runs code flows with PKCE, refreshes, introspects, revokes and replays rotated"
                + " refresh tokens through the OAuth endpoints, then prints a summary."
                + " ./tandem demo runs this main once it has built, started and seeded the stack (see ./tandem demo --help).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no request failed, the migration is in ENGINE_ONLY and the last verification is clean",
                "1:otherwise (the summary says why)", "2:bad usage"})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    long tokens;
    int rate;
    int clients;
    int timeout;
    int warmup;
    int drill;
    int engineWrites;
    @Option(names = "--url", paramLabel = "URL[,URL...]", order = 8, description = "orchestrator instances (default:"
            + " ORCHESTRATOR_URLS in DIR/endpoints.env, else " + DEFAULT_URL + ")")
    String urls;
    @Option(names = "--state-dir", paramLabel = "DIR", order = 9, defaultValue = ".tandem",
            description = "the stack's state directory (default ${DEFAULT-VALUE})")
    Path stateDir;
    @Option(names = "--admin-token-file", paramLabel = "FILE", order = 10,
            description = "operator token file (default: $" + TOKEN_ENV + ", else DIR/admin-token)")
    Path tokenFile;
    @Mixin
    OutputOption output;

    private final Map<String, String> environment;
    private final ToIntFunction<DemoOptions> demo;

    /** {@code demo} runs with the resolved options and answers the exit code. */
    DemoCommand(Map<String, String> environment, ToIntFunction<DemoOptions> demo) {
        this.environment = environment;
        this.demo = demo;
    }

    @Override
    public Integer call() throws UsageException {
        return demo.applyAsInt(options());
    }

    /** The options, the URLs and the admin token from the stack's state where not given. */
    DemoOptions options() throws UsageException {
        return DemoOptions.resolve(this, environment);
    }

    @Option(names = "--tokens", paramLabel = "N", order = 1, defaultValue = "" + DEFAULT_TOKENS,
            description = "rows seeded into legacy, 1 to " + MAX_TOKENS + " (default ${DEFAULT-VALUE})")
    void tokens(String value) {
        tokens = Values.whole(spec, "--tokens", value, 1, MAX_TOKENS);
    }

    @Option(names = "--rate", paramLabel = "R", order = 2, defaultValue = "" + DEFAULT_RATE,
            description = "workload requests per second, 1 to " + MAX_RATE + " (default ${DEFAULT-VALUE})")
    void rate(String value) {
        rate = (int) Values.whole(spec, "--rate", value, 1, MAX_RATE);
    }

    @Option(names = "--clients", paramLabel = "C", order = 3, defaultValue = "" + DEFAULT_CLIENTS,
            description = "workload threads, 1 to " + MAX_CLIENTS + " (default ${DEFAULT-VALUE})")
    void clients(String value) {
        clients = (int) Values.whole(spec, "--clients", value, 1, MAX_CLIENTS);
    }

    @Option(names = "--timeout", paramLabel = "S", order = 4, defaultValue = "" + DEFAULT_TIMEOUT_SECONDS,
            description = "longest wait for guards, a job or the cutover, 10 to 86400 s (default ${DEFAULT-VALUE})")
    void timeout(String value) {
        timeout = (int) Values.whole(spec, "--timeout", value, 10, 86_400);
    }

    @Option(names = "--warmup-seconds", paramLabel = "S", order = 5, defaultValue = "" + DEFAULT_WARMUP_SECONDS,
            description = "workload seconds in LEGACY_ONLY first, 0 to 3600 (default ${DEFAULT-VALUE})")
    void warmup(String value) {
        warmup = (int) Values.whole(spec, "--warmup-seconds", value, 0, 3600);
    }

    @Option(names = "--drill-seconds", paramLabel = "S", order = 6, defaultValue = "" + DEFAULT_DRILL_SECONDS,
            description = "workload seconds with reads rolled back to legacy, 1 to 3600 (default ${DEFAULT-VALUE})")
    void drill(String value) {
        drill = (int) Values.whole(spec, "--drill-seconds", value, 1, 3600);
    }

    @Option(names = "--engine-write-seconds", paramLabel = "S", order = 7, defaultValue = "" + DEFAULT_ENGINE_WRITE_SECONDS,
            description = "workload seconds in WRITE_ENGINE, 0 to 3600 (default ${DEFAULT-VALUE})")
    void engineWrites(String value) {
        engineWrites = (int) Values.whole(spec, "--engine-write-seconds", value, 0, 3600);
    }
}
