package dev.tandem.testing;

import dev.tandem.stack.LocalStack;
import dev.tandem.stack.server.Output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The test stack as local processes, started in-process by the stack module (as {@code stack/stack.sh}
 * starts the dev stack) in {@code .tandem/test-stack} on the test ports. The servers stay up when the
 * JVM ends: the next module's test JVM finds them running ({@code up} is idempotent and takes a
 * fraction of a second), and {@code ./tandem test} or {@code ./tandem down} stops them.
 */
final class LocalProcessStack {

    /** Same ports as {@code TEST_STACK} in {@code ./tandem}, apart from the dev stack's. */
    static final int LEGACY_PORT = 33316;
    static final int ENGINE_PORT = 55442;
    static final int KAFKA_PORT = 59102;

    static final String REPO_ROOT_PROPERTY = "tandemtest.repo.root";

    /** On stderr: a benchmark that runs on the harness prints its JSON on stdout. */
    private static final Output OUTPUT = new Output(line -> System.err.println("[TestStack] " + line),
            line -> System.err.println("[TestStack] " + line));

    private LocalProcessStack() {
    }

    static Path dir() {
        return repoRoot().resolve(".tandem").resolve("test-stack");
    }

    static StackEndpoints start() {
        up(dir(), LEGACY_PORT, ENGINE_PORT, KAFKA_PORT);
        return EndpointsFile.read(dir().resolve("endpoints.env"));
    }

    /** Starts what of the stack in {@code dir} does not run, on these ports, and waits until each server answers. */
    static void up(Path dir, int legacyPort, int enginePort, int kafkaPort) {
        stack(dir, LocalStack.Requested.of(legacyPort, enginePort, kafkaPort)).up();
    }

    /** The local stack in {@code dir} of this repository, its lines printed as the test stack's. */
    static LocalStack stack(Path dir, LocalStack.Requested ports) {
        return new LocalStack(repoRoot(), dir, ports, OUTPUT);
    }

    /**
     * The repository root: the system property {@value #REPO_ROOT_PROPERTY} (failsafe sets it to Maven's
     * multi-module directory) when it names one, else the nearest directory at or above {@code user.dir}
     * that holds {@code tandem} and {@code stack/stack.sh}.
     */
    static Path repoRoot() {
        String configured = System.getProperty(REPO_ROOT_PROPERTY);
        if (configured != null && !configured.isBlank() && isRepoRoot(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRepoRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Tandem repository root (a directory holding ./tandem"
                + " and stack/stack.sh): not " + REPO_ROOT_PROPERTY + "='" + configured + "', nor at or above "
                + start + "; set -D" + REPO_ROOT_PROPERTY + "=<path>");
    }

    private static boolean isRepoRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("tandem")) && Files.isRegularFile(dir.resolve("stack/stack.sh"));
    }
}
