package dev.tandem.testing;

import dev.tandem.testing.DatabaseEndpoint.Flavor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code endpoints.env} that {@code stack/stack.sh up} writes: shell {@code KEY=value} lines.
 * Blank lines and {@code #} comments are skipped, and a value may be quoted, so that a hand-written
 * file pointing the tests at other servers also works.
 */
final class EndpointsFile {

    static final List<String> KEYS = List.of(
            "LEGACY_HOST", "LEGACY_PORT", "LEGACY_DB", "LEGACY_USER", "LEGACY_PASSWORD",
            "ENGINE_HOST", "ENGINE_PORT", "ENGINE_DB", "ENGINE_USER", "ENGINE_PASSWORD",
            "KAFKA_BOOTSTRAP");

    private final Path file;
    private final Map<String, String> values;

    private EndpointsFile(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    static StackEndpoints read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("endpoints file " + file + " does not exist"
                    + " (start the servers with ./tandem up, or point TANDEM_TEST_ENDPOINTS at an existing file)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read endpoints file " + file, e);
        }
        return parse(file, lines);
    }

    static StackEndpoints parse(Path file, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new IllegalStateException("endpoints file " + file + ", line " + (i + 1)
                        + ": expected KEY=value, found '" + line + "'");
            }
            values.put(line.substring(0, equals).strip(), unquote(line.substring(equals + 1).strip()));
        }
        EndpointsFile parsed = new EndpointsFile(file, values);
        return new StackEndpoints(parsed.database(Flavor.MARIADB, "LEGACY"),
                parsed.database(Flavor.POSTGRESQL, "ENGINE"),
                parsed.required("KAFKA_BOOTSTRAP"));
    }

    private DatabaseEndpoint database(Flavor flavor, String prefix) {
        return new DatabaseEndpoint(flavor, required(prefix + "_HOST"), port(prefix + "_PORT"),
                required(prefix + "_DB"), required(prefix + "_USER"), required(prefix + "_PASSWORD"));
    }

    private String required(String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("endpoints file " + file + " has no value for " + key
                    + " (expected keys: " + String.join(", ", KEYS) + ")");
        }
        return value;
    }

    private int port(String key) {
        String value = required(key);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw new IllegalStateException("endpoints file " + file + ": invalid " + key + " '" + value
                + "' (valid: a port number from 1 to 65535)");
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
