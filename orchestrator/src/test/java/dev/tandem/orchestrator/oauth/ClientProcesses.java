package dev.tandem.orchestrator.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the programs an integrating developer runs against the server (the reference clients, newman) as
 * real processes, and installs their Node dependencies the way that developer does.
 */
final class ClientProcesses {
    private static final Duration NPM_LIMIT = Duration.ofMinutes(5);

    private ClientProcesses() {
    }

    record Run(int exitCode, String output) {
    }

    /**
     * Runs {@code command} in {@code directory} to its end, stdout and stderr together in a file (a pipe
     * could fill and block it), without the inherited environment variables {@code unset}.
     */
    static Run run(Path directory, Duration limit, List<String> command, Set<String> unset) {
        try {
            Path output = Files.createTempFile("client-process", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().keySet().removeAll(unset);
                Process process = builder.start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    fail("%s did not end within %s; output so far:%n%s", String.join(" ", command), limit,
                            Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": cannot run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        }
    }

    /** As a developer would after a fresh clone: {@code npm ci} from the committed package-lock.json, once. */
    static synchronized void installNodeModules(Path folder) {
        if (Files.isDirectory(folder.resolve("node_modules"))) {
            return;
        }
        Run run = run(folder, NPM_LIMIT, List.of("npm", "ci", "--no-audit", "--no-fund"), Set.of());
        assertThat(run.exitCode()).as("npm ci in %s:%n%s", folder, run.output()).isZero();
    }
}
