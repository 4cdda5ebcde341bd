package dev.tandem.launcher;

import dev.tandem.launcher.build.Build;
import dev.tandem.launcher.process.CheckerProcess;
import dev.tandem.launcher.process.LegacyTables;
import dev.tandem.launcher.process.Orchestrators;
import dev.tandem.launcher.process.SecretFile;
import dev.tandem.stack.server.Output;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code ./tandem up} starts, in its order: the dev stack's servers, the old server's
 * tables, the build of what is stale, the operator token, the orchestrator instances, the checker; and
 * {@code down} and {@code ps} over the same.
 */
public final class DevStack {

    private final Home home;
    private final Output output;
    private final Orchestrators orchestrators;
    private final CheckerProcess checker;

    public DevStack(Home home, Output output) {
        this.home = home;
        this.output = output;
        this.orchestrators = new Orchestrators(home, output);
        this.checker = new CheckerProcess(home, output);
    }

    public Orchestrators orchestrators() {
        return orchestrators;
    }

    public CheckerProcess checker() {
        return checker;
    }

    /** The servers, up, with the old server's tables; answers their endpoints. */
    public Endpoints servers() {
        home.devStack(output).up();
        Endpoints endpoints = Endpoints.read(home.endpointsFile());
        LegacyTables.ensure(home, endpoints, output);
        return endpoints;
    }

    /** All of it, {@code instances} orchestrators with {@code properties} ({@code key=value}) after the defaults. */
    public void up(int instances, List<String> properties) {
        long start = System.nanoTime();
        Endpoints endpoints = servers();
        build();
        SecretFile token = SecretFile.adminToken(home.stateDir());
        if (token.ensure()) {
            output.say("admin", "created an operator token in " + token.file() + " (mode 600)");
            if (!orchestrators.running().isEmpty()) {
                output.say("admin", "instances already running know only the previous token: ./tandem down, then up, to restart them");
            }
        }
        SecretFile keyEncryptionKey = SecretFile.signingKeyEncryptionKey(home.stateDir());
        if (keyEncryptionKey.ensure()) {
            output.say("oauth", "created the signing keys' key-encryption key in " + keyEncryptionKey.file() + " (mode 600)");
        }
        orchestrators.up(instances, endpoints, new Orchestrators.Secrets(token.sha256(), keyEncryptionKey.value()), properties);
        checker.up(endpoints);
        output.say("tandem", "up in " + Output.secondsSince(start) + "s; orchestrator "
                + String.join(",", orchestrators.running().stream().map(port -> "http://127.0.0.1:" + port).toList())
                + "; try ./tandem status");
    }

    /** A build would replace the jars under running JVMs: new instances start from the same build as the others. */
    private void build() {
        Build build = new Build(home.root(), output);
        List<Build.Target> targets = new ArrayList<>();
        if (build.stale(Build.Target.ORCHESTRATOR) && !orchestrators.running().isEmpty()) {
            output.say("build", "orchestrator sources changed, but instances run: not rebuilding (./tandem down, then up)");
        } else {
            targets.add(Build.Target.ORCHESTRATOR);
        }
        if (build.stale(Build.Target.CHECKER) && checker.running().isPresent()) {
            output.say("build", "checker sources changed, but the checker runs: not rebuilding (./tandem down, then up)");
        } else {
            targets.add(Build.Target.CHECKER);
        }
        build.ensure(targets);
    }

    /**
     * Stops the checker, the instances, then the servers of the test stack (unless {@code withTestStack}
     * is false) and of the dev stack; whether everything stopped.
     */
    public boolean down(boolean withTestStack) {
        boolean stopped = true;
        output.line("checker (" + home.stateDir() + "):");
        stopped &= attempt(checker::down);
        output.line("orchestrator (" + home.stateDir() + "):");
        stopped &= attempt(orchestrators::down);
        if (withTestStack && Files.isDirectory(home.testStackDir())) {
            output.line("test stack (" + home.testStackDir() + "):");
            stopped &= attempt(() -> home.testStack(output).down());
        }
        output.line("dev stack (" + home.stateDir() + "):");
        stopped &= attempt(() -> home.devStack(output).down());
        return stopped;
    }

    /** What runs; whether the dev stack's servers all do. */
    public boolean ps() {
        output.line("test stack (" + home.testStackDir() + "):");
        home.testStack(output).status();
        output.line("orchestrator (" + home.stateDir() + "):");
        orchestrators.status();
        output.line("checker (" + home.stateDir() + "):");
        checker.status();
        output.line("dev stack (" + home.stateDir() + "):");
        return home.devStack(output).status();
    }

    private boolean attempt(Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            output.say("tandem", e.getMessage());
            return false;
        }
    }
}
