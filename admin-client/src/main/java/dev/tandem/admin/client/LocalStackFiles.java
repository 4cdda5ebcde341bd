package dev.tandem.admin.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a client of a local stack finds in its state directory ({@code .tandem}), as {@code ./tandem up}
 * writes it: {@code endpoints.env} (the instances' URLs, the servers, the checker's metrics page) and
 * {@code admin-token}, the operator token (mode 600). The CLI's, the demo's and the benchmarks'
 * defaults come from here, so that they find the same stack.
 */
public final class LocalStackFiles {
    /** The environment variable that gives the operator token instead of the file. */
    public static final String TOKEN_ENV = "TANDEM_ADMIN_TOKEN";
    public static final String ENDPOINTS_FILE = "endpoints.env";
    public static final String TOKEN_FILE = "admin-token";

    private LocalStackFiles() {
    }

    /** The value of {@code KEY=value} in {@code stateDir/endpoints.env}; empty when the file or the key is missing. */
    public static Optional<String> endpoint(Path stateDir, String key) {
        try {
            for (String line : Files.readAllLines(stateDir.resolve(ENDPOINTS_FILE))) {
                if (line.startsWith(key + "=") && line.length() > key.length() + 1) {
                    return Optional.of(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException e) {
            // no file: the caller's default applies
        }
        return Optional.empty();
    }

    /**
     * The operator token: the first line of {@code tokenFile} when one is given, else {@value #TOKEN_ENV}
     * from {@code env}, else the first line of {@code stateDir/admin-token}; empty when that is missing
     * or blank. {@link #tokenSource} names where it was looked for, for the caller's message.
     */
    public static Optional<String> adminToken(Path tokenFile, Path stateDir, Map<String, String> env) {
        if (tokenFile == null) {
            String fromEnv = env.get(TOKEN_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.of(fromEnv.strip());
            }
        }
        return firstLine(tokenSource(tokenFile, stateDir));
    }

    /** The file {@link #adminToken} reads when the environment gives no token. */
    public static Path tokenSource(Path tokenFile, Path stateDir) {
        return tokenFile != null ? tokenFile : stateDir.resolve(TOKEN_FILE);
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip).filter(line -> !line.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
