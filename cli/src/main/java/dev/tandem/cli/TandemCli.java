package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.client.Answer;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.Divergences;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.admin.view.RepairResults;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The on-call CLI: {@code ./tandem status | phase | reads | rollback | cutover | audit | divergence | checker | repair
 * | backfill | verify}. Parses the command line,
 * calls the admin API, prints the answer for people (default) or as JSON ({@code -o json}), and exits
 * with an {@link ExitCode}.
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
        try {
            CommandLine line = CommandLine.parse(args);
            if (line.help()) {
                out.print(Help.of(line.command()));
                return ExitCode.DONE;
            }
            AdminCall<?> request = AdminRequest.of(line);
            Settings settings = Settings.resolve(line, env, stateDir);
            AdminClient client = new AdminClient(settings.urls(), settings.token());
            if (line.command() == Command.BACKFILL || line.command() == Command.VERIFY) {
                return new JobCommands(client, settings, out, err, follow).run(line);
            }
            Answer<?> response = client.send(request);
            return report(line, settings, response);
        } catch (UsageException | OrchestratorUnreachableException e) {
            err.println("tandem: " + e.getMessage());
            return ExitCode.USAGE_OR_CONNECTION;
        }
    }

    private int report(CommandLine line, Settings settings, Answer<?> response) {
        Command command = line.command();
        if (!response.ok()) {
            return failure(line, settings, response, out, err);
        }
        if (line.json()) {
            out.println(response.prettyJson());
        } else if (response.unreadable() != null) {
            err.println("tandem: " + response.unreadable());
            return ExitCode.USAGE_OR_CONNECTION;
        } else {
            Object answer = response.value();
            out.print(switch (command) {
                case STATUS -> HumanOutput.status((MigrationStatus) answer);
                case AUDIT -> HumanOutput.audit((Audit) answer);
                case PHASE, READS, ROLLBACK, CUTOVER -> HumanOutput.change(command, (ChangeResult) answer);
                case DIVERGENCE -> HumanOutput.divergence((Divergences) answer);
                case CHECKER -> HumanOutput.checker((CheckerStatus) answer);
                case REPAIR -> HumanOutput.repair((RepairResults) answer);
                case BACKFILL, VERIFY -> throw new IllegalStateException(command + " is JobCommands' to report");
            });
        }
        Object answer = response.unreadable() == null ? response.value() : null;
        if (answer instanceof RepairResults results && results.anyFailed()) {
            return ExitCode.REFUSED;
        }
        // A dry run of a change the guards would refuse answers 200 with "refused": scripts that
        // rehearse a step with --dry-run get the exit code the real step would get.
        return answer instanceof ChangeResult change && change.refused() ? ExitCode.REFUSED : ExitCode.DONE;
    }

    /** Prints why {@code response} (not 2xx) failed; answers the exit code: 1 for a refusal (409), else 2. */
    static int failure(CommandLine line, Settings settings, Answer<?> response,
                       PrintStream out, PrintStream err) {
        Command command = line.command();
        AdminCall<?> request = response.call();
        String call = request.method() + " " + request.path();
        switch (response.status()) {
            case 409 -> {
                if (line.json()) {
                    out.println(response.prettyJson());
                } else {
                    err.print(HumanOutput.refusal(command, response.problem()));
                }
                return ExitCode.REFUSED;
            }
            case 401 -> err.println("tandem: " + response.url() + " rejected the admin token from " + settings.tokenSource()
                    + " (401): " + response.detail());
            case 403 -> err.println("tandem: " + response.url() + " refused " + command.word() + " to this admin token"
                    + " (403): " + response.detail());
            case 404 -> err.println("tandem: " + response.url() + " has no " + request.path()
                    + " (404): is it a Tandem orchestrator of this version? " + response.detail());
            default -> err.println("tandem: " + response.url() + " answered " + response.status() + " to " + call + ": "
                    + response.detail());
        }
        return ExitCode.USAGE_OR_CONNECTION;
    }
}
