package dev.tandem.launcher.command;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Tandem;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ps", header = "show what runs: servers of the dev and test stacks, orchestrator instances, the checker", description = {
        "Show which servers of the dev stack and of the test stack run, and which orchestrator instances and checker,",
        "with their PIDs and endpoints. Exits 0 when the dev stack's servers all run, 3 otherwise.", ""})
public final class PsCommand implements Callable<Integer> {

    static final int NOT_ALL_RUNNING = 3;

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    public PsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        return new DevStack(Tandem.home(env), Tandem.output(false)).ps() ? Commands.DONE : NOT_ALL_RUNNING;
    }
}
