package dev.tandem.cli;

import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The on-call CLI: {@code ./tandem status | phase | reads | rollback | cutover | audit | divergence | checker | repair
 * | backfill | verify}. Picocli parses the command line into one {@link AdminCommand} (through
 * {@link Commands}: usage errors are one line and exit 2), which calls the admin API and prints the
 * answer for people (default) or as JSON ({@code -o json}); the exit code is an {@link ExitCode}.
 */
public final class TandemCli {
    /** Environment variable naming the state directory; {@code ./tandem} sets it to the repository's {@code .tandem}. */
    public static final String STATE_DIR_ENV = "TANDEM_STATE_DIR";

    private final Map<String, String> env;
    private final Path stateDir;
    private final PrintStream out;
    private final PrintStream err;
    private final Follow follow;

    public TandemCli(Map<String, String> env, Path stateDir, PrintStream out, PrintStream err) {
        this(env, stateDir, out, err, Follow.system());
    }

    /** With {@code follow} saying how {@code --wait} polls and draws (tests poll without pause). */
    public TandemCli(Map<String, String> env, Path stateDir, PrintStream out, PrintStream err, Follow follow) {
        this.env = env;
        this.stateDir = stateDir;
        this.out = out;
        this.err = err;
        this.follow = follow;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path stateDir = Path.of(env.getOrDefault(STATE_DIR_ENV, ".tandem"));
        System.exit(new TandemCli(env, stateDir, System.out, System.err).run(args));
    }

    /** Runs one command; answers its exit code and never calls System.exit. */
    public int run(String... args) {
        return Commands.run("tandem", commandLine(), args, out, err, List.of(Settings.TOKEN));
    }

    /** Every command, in the order the general help lists them. */
    CommandLine commandLine() {
        CommandLine root = new CommandLine(new Root());
        for (AdminCommand command : List.of(new ReadCommands.Status(), new ChangeCommands.Phase(),
                new ChangeCommands.Reads(), new ChangeCommands.Rollback(), new ChangeCommands.Cutover(),
                new ReadCommands.AuditCommand(), new ReadCommands.Divergence(), new ReadCommands.Checker(),
                new RepairCommand(), new JobCommands.Backfill(), new JobCommands.Verify())) {
            root.addSubcommand(command.by(this));
        }
        root.addSubcommand(AppsCommands.group(this));
        root.addSubcommand(KeysCommands.group(this));
        // An argument @file is text as typed (a reason, a token id), never a file to read arguments from.
        root.setExpandAtFiles(false);
        // Only the root: a first word like --reason is a missing command, not an option of ./tandem.
        root.getCommandSpec().parser().unmatchedOptionsArePositionalParams(true);
        // One layout for every command's help: description, arguments, options, each under its heading.
        root.getSubcommands().values().stream()
                .flatMap(sub -> Stream.concat(Stream.of(sub), sub.getSubcommands().values().stream()))
                .forEach(sub -> sub.getCommandSpec().usageMessage().descriptionHeading("%n")
                        .parameterListHeading("%nArguments:%n").optionListHeading("%nOptions:%n"));
        root.getCommandSpec().usageMessage().descriptionHeading("%n").optionListHeading("%nOptions:%n");
        return root;
    }

    /** Runs a parsed and checked {@code command}: finds the orchestrator and the token, then calls it. */
    int run(AdminCommand command) {
        try {
            Settings settings = Settings.resolve(command.url(), env, stateDir);
            AdminClient client = new AdminClient(settings.urls(), settings.token());
            return command.run(new Session(client, settings, out, err, follow));
        } catch (UsageException | OrchestratorUnreachableException e) {
            err.println("tandem: " + e.getMessage());
            return ExitCode.USAGE_OR_CONNECTION;
        }
    }

    /** {@code ./tandem} without a command it knows: the general help tells them. */
    @Command(name = "./tandem", synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n",
            footer = {"", "Run ./tandem <command> --help for its options.", "", Settings.TOKEN_HELP, "", ExitCode.HELP},
            description = "On-call commands for the migration, sent to the orchestrator's admin API.")
    static final class Root implements Callable<Integer> {
        @Mixin
        HelpOption help;
        // Words that are no command land here rather than in picocli's "unexpected argument".
        @Parameters(arity = "0..*", hidden = true)
        List<String> words = new ArrayList<>();
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws UsageException {
            String valid = " (valid: " + String.join(", ", spec.subcommands().keySet()) + ")";
            throw new UsageException(words.isEmpty() ? "missing command" + valid
                    : "unknown command '" + words.get(0) + "'" + valid);
        }
    }
}
