package dev.tandem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test stack as local processes, started by the repository's {@code stack/stack.sh} in
 * {@code .tandem/test-stack} on the test ports. The servers stay up when the JVM ends: the next
 * module's test JVM finds them running ({@code up} is idempotent and takes a fraction of a second),
 * and {@code ./tandem test} or {@code ./tandem down} stops them.
 */
final class LocalProcessStack {

    /** Same ports as {@code TEST_STACK} in {@code ./tandem}, apart from the dev stack's. */
    static final int LEGACY_PORT = 33316;
    static final int ENGINE_PORT = 55442;
    static final int KAFKA_PORT = 59102;

    static final String REPO_ROOT_PROPERTY = "tandemtest.repo.root";

    /** A first start may install Debian packages and download the broker's jars. */
    private static final long UP_TIMEOUT_MINUTES = 15;

    private LocalProcessStack() {
    }

    static StackEndpoints start() {
        Path root = repoRoot();
        Path dir = root.resolve(".tandem").resolve("test-stack");
        List<String> command = List.of("bash", root.resolve("stack").resolve("stack.sh").toString(), "up",
                "--dir", dir.toString(),
                "--legacy-port", Integer.toString(LEGACY_PORT),
                "--engine-port", Integer.toString(ENGINE_PORT),
                "--kafka-port", Integer.toString(KAFKA_PORT));
        String output = run(command);
        System.err.print("[TestStack] " + output.strip().replace("\n", "\n[TestStack] ") + "\n");
        return EndpointsFile.read(dir.resolve("endpoints.env"));
    }

    /**
     * Runs {@code command} with its output in a file rather than a pipe: should any server it starts
     * ever keep an inherited descriptor, a pipe would never reach end-of-file and the tests would hang.
     */
    private static String run(List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("tandem-stack-up", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(UP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + UP_TIMEOUT_MINUTES + " minutes; its output:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + "; its output:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test stack", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover temp file is harmless
                }
            }
        }
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
