package dev.tandem.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dev stack's {@code endpoints.env} as the stack wrote it: where each server listens and how to log
 * in. The launcher passes them to the processes it starts (passwords in their environment).
 */
public record Endpoints(String legacyHost, int legacyPort, String legacyDb, String legacyUser, String legacyPassword,
                        String engineHost, int enginePort, String engineDb, String engineUser, String enginePassword,
                        String kafkaBootstrap) {

    /** The endpoints in {@code file}; a {@link LaunchException} when the stack has not written it. */
    public static Endpoints read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LaunchException(file + " does not exist: start the dev stack with ./tandem up");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return new Endpoints(values.get("LEGACY_HOST"), Integer.parseInt(values.get("LEGACY_PORT")),
                    values.get("LEGACY_DB"), values.get("LEGACY_USER"), values.getOrDefault("LEGACY_PASSWORD", ""),
                    values.get("ENGINE_HOST"), Integer.parseInt(values.get("ENGINE_PORT")), values.get("ENGINE_DB"),
                    values.get("ENGINE_USER"), values.getOrDefault("ENGINE_PASSWORD", ""), values.get("KAFKA_BOOTSTRAP"));
        } catch (RuntimeException e) {
            throw new LaunchException(file + " is incomplete (" + e.getMessage() + "): run ./tandem up again");
        }
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return "Endpoints[legacy " + legacyHost + ":" + legacyPort + "/" + legacyDb + ", engine " + engineHost + ":"
                + enginePort + "/" + engineDb + ", kafka " + kafkaBootstrap + "]";
    }
}
