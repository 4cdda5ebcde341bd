package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One command of the CLI (picocli parses into it): what it checks beyond picocli's types, the admin API
 * call it makes, and how it reports the answer. Nothing is sent before {@link #check()} passed.
 */
abstract class AdminCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    Connection connection;
    private TandemCli cli;

    /** This command, run by {@code cli} (which knows the environment, the state directory, the streams). */
    AdminCommand by(TandemCli cli) {
        this.cli = cli;
        return this;
    }

    /** A group of commands ({@code group} carries the group's {@code @Command}), each run by {@code cli}. */
    static CommandLine group(Object group, TandemCli cli, List<AdminCommand> commands) {
        CommandLine line = new CommandLine(group);
        commands.forEach(command -> line.addSubcommand(command.by(cli)));
        return line;
    }

    /** Checks what picocli's types cannot (the words after the command, options that go together). */
    void check() throws UsageException {
    }

    /** The call this command makes (the first, for a command that follows a job); after {@link #check()}. */
    abstract AdminCall<?> request();

    /** Makes the call and prints the answer; answers the {@link ExitCode}. */
    abstract int run(Session session) throws OrchestratorUnreachableException;

    /** The name typed on the command line. */
    String word() {
        return spec.name();
    }

    boolean json() {
        return connection.json();
    }

    Optional<URI> url() {
        return connection.url();
    }

    @Override
    public final Integer call() throws UsageException {
        check();
        return cli.run(this);
    }

    /** A command of one call, whose 2xx answer {@link #human} renders for people. */
    abstract static class OneCall<T> extends AdminCommand {
        @Override
        abstract AdminCall<T> request();

        abstract String human(T answer);

        /** The exit code of a 2xx answer: 1 for a dry run that would be refused, a repair of which an id failed. */
        int exitCode(T answer) {
            return ExitCode.DONE;
        }

        @Override
        int run(Session session) throws OrchestratorUnreachableException {
            return session.report(this, session.client().send(request()));
        }
    }
}
