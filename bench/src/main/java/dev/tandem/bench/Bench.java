package dev.tandem.bench;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmarks' one entry point, a command per benchmark ({@code ./tandem bench NAME} runs
 * {@code Bench NAME}): each prints its figures, as a table or with {@code -o json} where it has it.
 */
@Command(name = "bench", description = "Measures Tandem on the running dev stack (see ./tandem bench --help).",
        commandListHeading = "%nBenchmarks:%n")
public final class Bench implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Bench())
                .addSubcommand(new WriteBenchmark.Line(environment))
                .addSubcommand(new SwitchBenchmark.Line(environment))
                .addSubcommand(new OAuthBenchmark.Line(environment))
                .addSubcommand(new CheckerLagBenchmark.Line(environment))
                .addSubcommand(new CheckerThroughput.Line())
                .addSubcommand(new SnapshotBenchmark.Line());
        return Commands.run("bench", commandLine, args, out, err, List.of(BenchOptions.ADMIN_TOKEN));
    }

    /** For tests: the real streams and environment. */
    static int run(String... args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    @Override
    public Integer call() throws UsageException {
        throw new UsageException("missing benchmark name (valid: writes, switch, oauth, checker, checker-throughput, snapshot)");
    }
}
