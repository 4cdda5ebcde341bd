package dev.tandem.launcher.command;

import dev.tandem.commandline.Commands;
import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.DevStack;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.Tandem;
import dev.tandem.launcher.process.Orchestrators;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", header = "start the dev stack (MariaDB, PostgreSQL, Kafka), the orchestrator and the consistency checker", description = {
        "Start the dev stack as local processes on 127.0.0.1, initializing data directories on first use:",
        "MariaDB (legacy store, database tandem_legacy, user tandem/tandem, port 33306), PostgreSQL (new engine,",
        "tandem_engine, 55432) and Kafka (KRaft, one node, 59092); then create the old server's tables where absent,",
        "build the orchestrator and the checker when they were never built or their sources changed, create an",
        "operator admin token in .tandem/admin-token (mode 600) if there is none, and start N orchestrator instances",
        "against the same stores: instance i on http://127.0.0.1:8080+i-1 (token and admin API), management port",
        "(/q/health, /q/metrics) 1000 higher, node id i. Each start waits until the instance is ready. Then the",
        "consistency checker starts (CDC of both stores and the streaming check) and up waits until both captures",
        "stream. What already runs is left alone and reported. Endpoints, ORCHESTRATOR_URL and ORCHESTRATOR_URLS",
        "are written to .tandem/endpoints.env. Logs: .tandem/{mariadb,postgres,kafka}/*.log,",
        ".tandem/orchestrator-<port>.log, .tandem/checker.log. As root, missing Debian packages are installed.",
        "",
        "Environment: TANDEM_LEGACY_PORT, TANDEM_ENGINE_PORT, TANDEM_KAFKA_PORT, TANDEM_ORCHESTRATOR_PORT move the",
        "servers and the first instance; TANDEM_ORCHESTRATOR_JAVA_OPTS (default -Xmx512m) and",
        "TANDEM_CHECKER_JAVA_OPTS the JVM options; TANDEM_ORCHESTRATOR_PROPERTIES extra orchestrator settings,",
        "blank-separated key=value words passed as -Dkey=value after the defaults, e.g.",
        "\"tandem.cutover.dwell=5s tandem.cutover.interval=1s\" (for instances this up starts).", ""})
public final class UpCommand implements Callable<Integer> {

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "orchestrator instances, 1 to " + Orchestrators.MAX_INSTANCES + " (default 1)")
    int instances;

    public UpCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        if (instances < 1 || instances > Orchestrators.MAX_INSTANCES) {
            throw new UsageException("invalid --instances '" + instances + "' (valid: a whole number from 1 to "
                    + Orchestrators.MAX_INSTANCES + ")");
        }
        Home home = Tandem.home(env);
        new DevStack(home, Tandem.output(false)).up(instances,
                Orchestrators.properties(env.getOrDefault("TANDEM_ORCHESTRATOR_PROPERTIES", "")));
        return Commands.DONE;
    }
}
