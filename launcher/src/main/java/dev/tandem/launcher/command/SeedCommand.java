package dev.tandem.launcher.command;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.Endpoints;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.Tandem;
import dev.tandem.launcher.build.Build;
import dev.tandem.launcher.process.Mains;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seed", header = "fill the dev stack's legacy store with realistic rows", description = {
        "Fill the dev stack's legacy store (tandem_legacy) with N realistic token rows, written the way the old OAuth",
        "server writes them. Needs ./tandem up first; builds the seeder when needed.", ""})
public final class SeedCommand implements Callable<Integer> {

    /** The seeder's own bounds, checked here too so that a bad value is one line before any build. */
    static final int MAX_TOKENS = 100_000_000;
    static final int MAX_THREADS = 32;

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Option(names = "--tokens", paramLabel = "N", required = true, description = "rows to write, 1 to " + MAX_TOKENS + " (required)")
    int tokens;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed; the same seed writes the same rows (default 1)")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", description = "writer connections, 1 to " + MAX_THREADS + " (default 2)")
    int threads;

    @Mixin
    OutputOption output;

    public SeedCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        Bounds.check("--tokens", tokens, 1, MAX_TOKENS);
        Bounds.check("--threads", threads, 1, MAX_THREADS);
        Home home = Tandem.home(env);
        return seed(home, tokens, List.of("--seed", Long.toString(seed), "--threads", Integer.toString(threads),
                "-o", output.json() ? "json" : "text"), false);
    }

    /**
     * Runs the seeder against the dev stack's legacy store: its exit code. Builds it first when stale. With
     * {@code toStderr} its report goes to stderr (the demo's stdout is its own JSON).
     */
    static int seed(Home home, int tokens, List<String> options, boolean toStderr) {
        Endpoints endpoints = Endpoints.read(home.endpointsFile());
        // On stderr, as every build: with -o json stdout is the report alone.
        new Build(home.root(), Tandem.output(true)).ensure(List.of(Build.Target.SEEDER));
        List<String> args = new ArrayList<>(List.of("--host", endpoints.legacyHost(), "--port",
                Integer.toString(endpoints.legacyPort()), "--database", endpoints.legacyDb(), "--user",
                endpoints.legacyUser(), "--tokens", Integer.toString(tokens)));
        args.addAll(options);
        // The password goes in the environment: a command line is readable by every user of the host.
        return Mains.run(home, "seeder", "dev.tandem.seed.LegacySeeder", args,
                Map.of("TANDEM_LEGACY_PASSWORD", endpoints.legacyPassword()), toStderr);
    }
}
