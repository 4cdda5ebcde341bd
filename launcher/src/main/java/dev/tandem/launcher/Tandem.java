package dev.tandem.launcher;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.command.BenchCommand;
import dev.tandem.launcher.command.DemoCommand;
import dev.tandem.launcher.command.DownCommand;
import dev.tandem.launcher.command.PsCommand;
import dev.tandem.launcher.command.SeedCommand;
import dev.tandem.launcher.command.TestCommand;
import dev.tandem.launcher.command.UpCommand;
import dev.tandem.stack.server.Output;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./tandem}: the commands that run things on this machine. The on-call commands (status, phase,
 * reads, …) are the CLI's ({@code dev.tandem.cli.TandemCli}); the ./tandem script hands them to it.
 * Exit codes: 0 done, 1 failed or refused, 2 bad usage, 3 from ps when the dev stack is not all up.
 */
@Command(name = "./tandem", subcommands = {UpCommand.class, DownCommand.class, PsCommand.class, SeedCommand.class,
        DemoCommand.class, BenchCommand.class, TestCommand.class},
        description = {"The one entry point of the Tandem repository: local servers and orchestrator instances, the test",
                "suite, the demo, and the on-call commands of the migration. On call? ./tandem rollback --reason \"...\"",
                "sends every read back to legacy at once. State (data, logs, PID files, endpoints, admin token) lives",
                "in .tandem/. ./tandem <command> --help shows the options of one command."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nOn-call commands (the CLI; ./tandem <command> --help):%n",
        footer = {
                "  status      show the migration: phase, reads, guards, auto-cutover and ramp, rollback readiness",
                "  phase       move the migration to another phase (checked by guards)",
                "  reads       set the read flag (legacy, engine, auto) and the engine ramp",
                "  rollback    send every read back to legacy now: the one-command rollback",
                "  cutover     switch the automatic cutover on or off: 'cutover auto on|off --reason TEXT'",
                "  audit       list every change of phase, read flag and ramp",
                "  divergence  list settled divergence: token ids whose stores disagree, most severe first",
                "  checker     show the consistency checker: lag per store, events/s, pending and settled counts",
                "  repair      repair token ids now: the phase's primary state is applied to the other store",
                "  backfill    copy legacy's existing tokens into the engine: 'backfill status|start|pause|resume|rate'",
                "  verify      compare both stores over every token id: exit 0 when they agree, 1 when they differ",
                "  apps        register and manage OAuth apps (clients): create, list, show, rotate-secret, delete",
                "  keys        the access-token signing keys: list, rotate [--publish-ahead SECONDS], retire KID"})
public final class Tandem implements Callable<Integer> {

    /** The ./tandem script passes the repository's root. */
    public static final String ROOT_PROPERTY = "tandem.repo.root";

    @Mixin
    HelpOption help;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new Tandem(), new Factory(env));
        return Commands.run("tandem", commandLine, args, out, err, List.of());
    }

    @Override
    public Integer call() throws UsageException {
        throw new UsageException("missing command (see ./tandem --help)");
    }

    /** The home every command works in, from the root the script passes and the environment. */
    public static Home home(Map<String, String> env) throws UsageException {
        return Home.of(Path.of(System.getProperty(ROOT_PROPERTY, "")).toAbsolutePath().normalize(), env);
    }

    /** What the commands say: lines to stdout, the tails of logs after a failure to stderr. */
    public static Output output(boolean toStderr) {
        return toStderr ? new Output(System.err::println, System.err::println)
                : new Output(System.out::println, System.err::println);
    }

    /** Hands each command the environment (tests pass their own). */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Map.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
