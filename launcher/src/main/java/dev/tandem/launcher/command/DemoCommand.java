package dev.tandem.launcher.command;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.OutputOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.launcher.Tandem;
import dev.tandem.launcher.build.Build;
import dev.tandem.launcher.process.Mains;
import dev.tandem.launcher.process.Orchestrators;
import dev.tandem.stack.os.Host;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", header = "the main job: a live workload while the migration walks from LEGACY_ONLY to ENGINE_ONLY", description = {
        "The main job, on one command: build what is needed, start the dev stack, seed the legacy store with N",
        "realistic tokens, start the orchestrator with demo settings (a short divergence window and ramp dwell), then",
        "run a live OAuth workload for the whole run (registered apps, code flows with PKCE through the dev login,",
        "refreshes with rotation, introspections, revocations, and rotated refresh tokens replayed on purpose, each of",
        "which must be refused with invalid_grant) while the migration walks by itself through the",
        "admin API: LEGACY_ONLY -> DUAL_WRITE -> backfill -> verify -> SHADOW_READ -> verify -> automatic cutover",
        "(ramp to 100% of reads on the engine) -> rollback drill (reads to legacy and back) -> verify -> WRITE_ENGINE",
        "-> verify -> ENGINE_ONLY. Every step waits for its guards (never forced) and prints why it waits. A summary",
        "follows: requests served and failed per operation, OAuth errors by code (expected apart from unexpected),",
        "time in each phase, divergence seen and repaired, backfill and verification rates, and where to look.",
        "",
        "The demo starts from an empty dev stack: if .tandem/ already holds dev stack data, it stops unless --fresh is",
        "given, which stops the orchestrator and the dev stack and deletes their data (the test stack and the admin",
        "token stay).",
        "",
        "Environment: TANDEM_DEMO_ORCHESTRATOR_PROPERTIES replaces the demo settings (blank-separated key=value words);",
        "TANDEM_ORCHESTRATOR_PROPERTIES adds settings after them (see ./tandem up --help).",
        "",
        "Exit codes: 0 no request failed, the migration is in ENGINE_ONLY and the last verification is clean;",
        "1 otherwise (the summary says why); 2 bad usage.", ""})
public final class DemoCommand implements Callable<Integer> {

    static final int DEFAULT_TOKENS = 100_000;
    static final int MAX_RATE = 10_000;
    /** A whole walk in minutes rather than production's hours. */
    static final String DEMO_PROPERTIES = "tandem.guards.divergence-window=10s tandem.cutover.dwell=5s"
            + " tandem.cutover.interval=1s tandem.backfill.expiry-horizon=0s";
    /** What a --fresh keeps: the test stack, the two secrets, the lock and the broker's classpath cache (not data). */
    private static final Set<String> KEPT_BY_FRESH = Set.of("test-stack", "admin-token", "signing-key-encryption-key", ".lock", "kafka.classpath");

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "" + DEFAULT_TOKENS,
            description = "legacy rows to seed, 1 to " + SeedCommand.MAX_TOKENS + " (default " + DEFAULT_TOKENS + ")")
    int tokens;

    @Option(names = "--rate", paramLabel = "R", description = "workload requests per second, 1 to " + MAX_RATE + " (default 50)")
    Integer rate;

    @Option(names = "--timeout", paramLabel = "S",
            description = "longest wait for guards, a job or the cutover, 10 to 86400 seconds (default 600)")
    Integer timeout;

    @Option(names = "--fresh", description = "delete the dev stack's data first (see above)")
    boolean fresh;

    @Mixin
    OutputOption output;

    public DemoCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        Bounds.check("--tokens", tokens, 1, SeedCommand.MAX_TOKENS);
        List<String> demoArgs = new ArrayList<>();
        if (rate != null) {
            Bounds.check("--rate", rate, 1, MAX_RATE);
            demoArgs.addAll(List.of("--rate", rate.toString()));
        }
        if (timeout != null) {
            Bounds.check("--timeout", timeout, 10, 86_400);
            demoArgs.addAll(List.of("--timeout", timeout.toString()));
        }
        if (output.json()) {
            demoArgs.addAll(List.of("-o", "json"));
        }
        List<String> properties = new ArrayList<>(Orchestrators.properties(env.getOrDefault(
                "TANDEM_DEMO_ORCHESTRATOR_PROPERTIES", DEMO_PROPERTIES)));
        properties.addAll(Orchestrators.properties(env.getOrDefault("TANDEM_ORCHESTRATOR_PROPERTIES", "")));
        Home home = Tandem.home(env);
        // With -o json, stdout carries the summary only: the set-up's lines go to stderr.
        prepare(home, Tandem.output(output.json()), properties);
        new Build(home.root(), Tandem.output(true)).ensure(List.of(Build.Target.DEMO));
        List<String> args = new ArrayList<>(List.of("--state-dir", home.stateDir().toString(), "--tokens",
                Integer.toString(tokens)));
        args.addAll(demoArgs);
        return Mains.run(home, "demo", "dev.tandem.demo.Demo", args, Map.of());
    }

    /** Everything before the walk: build, reset, servers, legacy rows, orchestrator with the demo settings. */
    private void prepare(Home home, Output say, List<String> properties) {
        new Build(home.root(), say).ensure(List.of(Build.Target.DEMO, Build.Target.SEEDER));
        DevStack stack = new DevStack(home, say);
        if (hasData(home)) {
            if (!fresh) {
                throw new LaunchException("the dev stack in " + home.stateDir() + " already holds data; the demo starts"
                        + " from empty stores: ./tandem demo --fresh deletes the dev stack's data first (the test stack stays)");
            }
            say.say("demo", "--fresh: stopping the orchestrator and the dev stack, deleting their data (the test stack"
                    + " and the admin token stay)");
            if (!stack.down(false)) {
                throw new LaunchException("could not stop the dev stack; nothing deleted");
            }
            deleteData(home.stateDir());
        }
        stack.servers();
        // Seeded before the orchestrator and the checker start, as in production: legacy was full before Tandem came.
        if (SeedCommand.seed(home, tokens, List.of(), output.json()) != 0) {
            throw new LaunchException("seeding the legacy store failed");
        }
        stack.up(1, properties);
    }

    private static boolean hasData(Home home) {
        return Stream.of("mariadb", "postgres", "kafka").anyMatch(server -> Files.isDirectory(home.stateDir().resolve(server)));
    }

    /** A migration that reached ENGINE_ONLY has no way back: a new demo needs new stores. */
    private static void deleteData(Path stateDir) {
        try (Stream<Path> entries = Files.list(stateDir)) {
            for (Path entry : entries.filter(entry -> !KEPT_BY_FRESH.contains(entry.getFileName().toString())).toList()) {
                if (Files.isDirectory(entry)) {
                    Host.deleteTree(entry);
                } else {
                    Files.delete(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the data in " + stateDir, e);
        }
    }
}
