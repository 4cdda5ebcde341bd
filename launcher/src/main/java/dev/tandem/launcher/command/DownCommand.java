package dev.tandem.launcher.command;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.launcher.Tandem;
import dev.tandem.stack.os.Host;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "down", header = "stop the checker, the orchestrator, the dev and the test stack; --purge also deletes their data", description = {
        "Stop the consistency checker and the orchestrator instances, then the dev stack and the test stack, by PID",
        "(graceful first, killed if they do not stop in time). Data stays, so the next ./tandem up is fast.", ""})
public final class DownCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Option(names = "--purge", description = "also delete .tandem/ (data, logs, endpoints and the admin token of both stacks)")
    boolean purge;

    public DownCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        Home home = Tandem.home(env);
        if (!Files.isDirectory(home.stateDir())) {
            System.out.println("nothing to stop: " + home.stateDir() + " does not exist");
            return Commands.DONE;
        }
        if (!new DevStack(home, Tandem.output(false)).down(true)) {
            throw new LaunchException("could not stop every server; not purging");
        }
        if (purge) {
            Host.deleteTree(home.stateDir());
            System.out.println("purged " + home.stateDir());
        }
        return Commands.DONE;
    }
}
