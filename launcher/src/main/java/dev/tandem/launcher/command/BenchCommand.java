package dev.tandem.launcher.command;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Endpoints;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.Tandem;
import dev.tandem.launcher.build.Build;
import dev.tandem.launcher.process.Mains;
import dev.tandem.stack.server.Output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(name = "bench", header = "measure: writes, switch, oauth, checker, checker-throughput, snapshot, cpu", description = {
        "Load commands that print figures; they measure, they do not test. BENCH is one of:",
        "  writes   PUT /v1/tokens latency (p50, p99) and throughput in LEGACY_ONLY and in DUAL_WRITE, side by side",
        "           with their ratios; twice when the checker runs: with it, then with it stopped (it is started",
        "           again afterwards). Needs ./tandem up; switches the phase (forced, audited as \"benchmark\") and",
        "           puts it back. Runs only from LEGACY_ONLY or DUAL_WRITE.",
        "  switch   The write pause of a switch of the primary: the write load without a switch (baseline), then",
        "           while the primary is switched READ_ENGINE <-> WRITE_ENGINE 6 times. Needs ./tandem up.",
        "  oauth    Code flows with PKCE and refreshes through the OAuth endpoints: p50, p99 and per second in",
        "           LEGACY_ONLY and in DUAL_WRITE, side by side with the ratio DUAL_WRITE/LEGACY_ONLY. Needs ./tandem up;",
        "           registers a public app, switches the phase like writes and puts it back.",
        "  checker  The consistency checker's commit-to-verdict p50 and p99 per store at a sustained write rate",
        "           through the orchestrator in DUAL_WRITE, end to end through Debezium and Kafka.",
        "  checker-throughput",
        "           The check alone on fresh topics of the running broker: commit-to-verdict at a set rate of change",
        "           pairs, then events checked per second on a backlog.",
        "  snapshot The checker's first start over N legacy tokens (--tokens, default 100,000) and the backfill's copy",
        "           of them, in databases and topics of their own on the dev stack's servers.",
        "  cpu      CPU of each process of the running dev stack over --seconds N (default 30), as a share of one",
        "           core, from /proc.",
        "./tandem bench BENCH --help shows a benchmark's options.", ""})
public final class BenchCommand implements Callable<Integer> {

    private static final List<String> NAMES = List.of("writes", "switch", "oauth", "checker", "checker-throughput", "snapshot", "cpu");

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "BENCH", arity = "0..1", description = "writes, switch, oauth, checker, checker-throughput, snapshot or cpu")
    String name;

    /** The benchmark's own options, which it checks itself. */
    @Unmatched
    List<String> options = new ArrayList<>();

    public BenchCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        if (name == null) {
            throw new UsageException("missing benchmark name (valid: " + String.join(", ", NAMES) + ")");
        }
        if (!NAMES.contains(name)) {
            throw new UsageException("unknown benchmark '" + name + "' (valid: " + String.join(", ", NAMES) + ")");
        }
        Home home = Tandem.home(env);
        if (name.equals("cpu")) {
            return CpuShares.run(home, options);
        }
        Output say = Tandem.output(true);
        new Build(home.root(), say).ensure(List.of(Build.Target.BENCH));
        List<String> args = new ArrayList<>(options);
        if (name.equals("checker-throughput")) {
            args.addAll(0, List.of("--bootstrap", Endpoints.read(home.endpointsFile()).kafkaBootstrap()));
        }
        if (name.equals("writes") && !options.contains("-h") && !options.contains("--help")) {
            return writes(home, say, args);
        }
        return bench(home, name, args);
    }

    /**
     * The write benchmark twice on the same stack and clients when the checker runs: with it, then with it
     * stopped (and started again afterwards), since the checker's cost on the write path is part of what it
     * measures. Without a running checker, once.
     */
    private static int writes(Home home, Output say, List<String> args) {
        DevStack stack = new DevStack(home, say);
        if (stack.checker().running().isEmpty()) {
            return bench(home, "writes", args);
        }
        say.say("bench", "1 of 2: with the consistency checker running");
        int status = bench(home, "writes", args);
        if (status != 0) {
            return status;
        }
        say.say("bench", "2 of 2: with the consistency checker stopped (started again afterwards)");
        stack.checker().down();
        status = bench(home, "writes", args);
        stack.checker().up(Endpoints.read(home.endpointsFile()));
        return status;
    }

    private static int bench(Home home, String name, List<String> args) {
        List<String> all = new ArrayList<>(List.of(name));
        all.addAll(args);
        return Mains.java(home, home.module("bench", "target/bench.jar").toString(), "dev.tandem.bench.Bench", all,
                Map.of(), false);
    }
}
