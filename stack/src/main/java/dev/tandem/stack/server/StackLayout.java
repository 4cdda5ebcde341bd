package dev.tandem.stack.server;

import java.nio.file.Path;

/**
 * Where one stack lives: its state directory {@code dir} (absolute: PID checks match on absolute paths,
 * and servers run with another working directory), the repository it belongs to (the broker's pom and
 * logging configuration, the parent pom's Kafka version), its ports and its output.
 */
public record StackLayout(Path dir, Path repoRoot, Ports ports, Output output) {

    public Path pidFile(String server) {
        return dir.resolve(server + ".pid");
    }
}
