package dev.tandem.launcher.command;

import dev.tandem.commandline.HelpOption;
import dev.tandem.commandline.UsageException;
import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;
import dev.tandem.launcher.Tandem;
import dev.tandem.launcher.process.Mains;
import dev.tandem.stack.LocalStack;
import dev.tandem.stack.server.Output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", header = "run the whole test suite against real servers, then the demo", description = {
        "Run the whole suite (./mvnw -B verify: unit tests, then integration tests against real servers), then the",
        "main job end to end: ./tandem demo at its default size (100,000 tokens) on a stack of its own, which must end",
        "in ENGINE_ONLY with zero failed requests and a clean verification. Starts the test stack in",
        ".tandem/test-stack (ports 33316, 55442, 59102), points the tests at it through TANDEM_TEST_ENDPOINTS, and stops",
        "it afterwards, also on failure. Exits with Maven's exit code, then the demo's.", ""})
public final class TestCommand implements Callable<Integer> {

    /** The demo's own stack: state and ports apart from the dev stack's and the test stack's. */
    private static final Map<String, String> DEMO_STACK = Map.of("TANDEM_LEGACY_PORT", "33336", "TANDEM_ENGINE_PORT", "55462",
            "TANDEM_KAFKA_PORT", "59122", "TANDEM_ORCHESTRATOR_PORT", "8190", "TANDEM_CHECKER_METRICS_PORT", "9430");

    private final Map<String, String> env;

    @Mixin
    HelpOption help;

    @Option(names = "--reuse", description = "run against the dev stack already started by ./tandem up; start and stop nothing")
    boolean reuse;

    @Option(names = "--no-demo", description = "skip the demo run (it is skipped too when Maven arguments are given)")
    boolean noDemo;

    @Parameters(paramLabel = "-- MAVEN_ARGS", description = "after --, arguments for Maven, e.g. ./tandem test -- -pl legacy-adapter -am")
    List<String> mavenArgs = new ArrayList<>();

    public TestCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UsageException {
        Home home = Tandem.home(env);
        Output say = Tandem.output(false);
        Path endpoints;
        LocalStack testStack = home.testStack(say);
        Thread stopTestStack = new Thread(() -> {
            say.line("stopping the test stack");
            testStack.down();
        });
        if (reuse) {
            endpoints = home.endpointsFile();
            if (!Files.isRegularFile(endpoints) || !home.devStack(Tandem.output(true)).status()) {
                throw new LaunchException("--reuse needs the dev stack running: start it with ./tandem up");
            }
        } else {
            endpoints = home.testStackDir().resolve("endpoints.env");
            // A shutdown hook covers failures and Ctrl-C alike.
            Runtime.getRuntime().addShutdownHook(stopTestStack);
            testStack.up();
        }
        List<String> maven = new ArrayList<>(List.of(home.root().resolve("mvnw").toString(), "-B", "verify"));
        maven.addAll(mavenArgs);
        int status = Mains.command(home, maven, Map.of("TANDEM_TEST_ENDPOINTS", endpoints.toString()), false);
        if (status == 0 && !noDemo && mavenArgs.isEmpty()) {
            if (!reuse) {
                Runtime.getRuntime().removeShutdownHook(stopTestStack);
                stopTestStack.run();
            }
            status = demo(home, say);
        }
        return status;
    }

    /** The README's first command, exactly, on a stack of its own that is purged afterwards. */
    private int demo(Home home, Output say) {
        Map<String, String> demoEnv = new HashMap<>(DEMO_STACK);
        demoEnv.put("TANDEM_STATE_DIR", home.stateDir().resolve("test-demo").toString());
        say.say("test", "the main job end to end: ./tandem demo, " + DemoCommand.DEFAULT_TOKENS + " tokens (state in "
                + demoEnv.get("TANDEM_STATE_DIR") + ")");
        String tandem = home.root().resolve("tandem").toString();
        int status = Mains.command(home, List.of(tandem, "demo", "--fresh"), demoEnv, false);
        Mains.command(home, List.of(tandem, "down", "--purge"), demoEnv, false);
        return status;
    }
}
