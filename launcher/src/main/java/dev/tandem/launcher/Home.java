package dev.tandem.launcher;

import dev.tandem.commandline.UsageException;
import dev.tandem.stack.LocalStack;
import dev.tandem.stack.server.Output;
import dev.tandem.stack.server.Ports;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Where this checkout keeps its state and which ports it uses: the dev stack (moved by
 * {@code TANDEM_LEGACY_PORT}, {@code TANDEM_ENGINE_PORT}, {@code TANDEM_KAFKA_PORT}), the test stack
 * beside it on ports of its own, and the orchestrator instances from {@code TANDEM_ORCHESTRATOR_PORT}.
 * {@code TANDEM_STATE_DIR} gives a second, separate set of all of it, as {@code ./tandem test} does for
 * its demo run.
 *
 * @param firstApiPort instance i (1..N) serves the token and admin API on {@code firstApiPort + i - 1}
 */
public record Home(Path root, Path stateDir, Ports devPorts, int firstApiPort, Map<String, String> env) {

    /** Apart from the dev stack's, so that {@code ./tandem test} runs beside {@code ./tandem up}; TestStack uses them too. */
    public static final Ports TEST_PORTS = new Ports(33316, 55442, 59102);
    public static final int DEFAULT_FIRST_API_PORT = 8080;
    /** Metrics and health of an instance, on its API port plus this. */
    public static final int MANAGEMENT_PORT_OFFSET = 1000;

    /** The home of the checkout at {@code root} as {@code env} places it. */
    public static Home of(Path root, Map<String, String> env) throws UsageException {
        Path stateDir = env.containsKey("TANDEM_STATE_DIR") && !env.get("TANDEM_STATE_DIR").isBlank()
                ? Path.of(env.get("TANDEM_STATE_DIR")) : root.resolve(".tandem");
        Ports dev = new Ports(port(env, "TANDEM_LEGACY_PORT", Ports.DEFAULT_LEGACY),
                port(env, "TANDEM_ENGINE_PORT", Ports.DEFAULT_ENGINE), port(env, "TANDEM_KAFKA_PORT", Ports.DEFAULT_KAFKA));
        return new Home(root, stateDir.toAbsolutePath().normalize(), dev,
                port(env, "TANDEM_ORCHESTRATOR_PORT", DEFAULT_FIRST_API_PORT), Map.copyOf(env));
    }

    private static int port(Map<String, String> env, String name, int fallback) throws UsageException {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.matches("[0-9]{1,5}") && Integer.parseInt(value) >= 1024 && Integer.parseInt(value) <= 65534) {
            return Integer.parseInt(value);
        }
        throw new UsageException(name + "='" + value + "' is not a port (valid: a number from 1024 to 65534)");
    }

    public Path testStackDir() {
        return stateDir.resolve("test-stack");
    }

    public Path endpointsFile() {
        return stateDir.resolve("endpoints.env");
    }

    public LocalStack devStack(Output output) {
        return new LocalStack(root, stateDir, requested(devPorts), output);
    }

    public LocalStack testStack(Output output) {
        return new LocalStack(root, testStackDir(), requested(TEST_PORTS), output);
    }

    private static LocalStack.Requested requested(Ports ports) {
        return new LocalStack.Requested(OptionalInt.of(ports.legacy()), OptionalInt.of(ports.engine()),
                OptionalInt.of(ports.kafka()));
    }

    /** A module's file, e.g. {@code module("orchestrator", "target/quarkus-app/quarkus-run.jar")}. */
    public Path module(String name, String file) {
        return root.resolve(name).resolve(file);
    }
}
