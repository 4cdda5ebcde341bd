package dev.tandem.bench;

import dev.tandem.commandline.UsageException;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;

/** A benchmark that loads the running instances: its {@link LoadOptions}, resolved against the stack's state, then {@link #run}. */
abstract class LoadCommand implements Callable<Integer> {
    @Mixin
    LoadOptions load;
    private final Map<String, String> environment;

    LoadCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public final Integer call() throws UsageException {
        return run(BenchOptions.resolve(load, environment));
    }

    /** The benchmark with its options; its exit code. */
    abstract int run(BenchOptions options);
}
