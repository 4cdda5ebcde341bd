package dev.tandem.seed;

import dev.tandem.commandline.Secret;

/**
 * What the seeder writes and where, checked: {@link SeedCommand} reads it from the command line,
 * the password from the environment ({@value #PASSWORD_VARIABLE}), never from an option.
 *
 * @param host     MariaDB host (required)
 * @param port     MariaDB port (required)
 * @param database database to fill; created with the legacy tables when absent (required)
 * @param user     login (required)
 * @param password password, from {@value #PASSWORD_VARIABLE} (required; may be empty)
 * @param tokens   how many rows to write, 1 to {@value #MAX_TOKENS} (required)
 * @param seed     random seed; the same seed writes the same rows (default {@value #DEFAULT_SEED})
 * @param threads  writer connections, 1 to {@value #MAX_THREADS} (default {@value #DEFAULT_THREADS})
 */
public record SeedOptions(String host, int port, String database, String user, String password,
                          int tokens, long seed, int threads) {
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_THREADS = 2;
    public static final int MAX_TOKENS = 100_000_000;
    public static final int MAX_THREADS = 32;
    /** The environment variable the seeder reads the database password from. */
    public static final String PASSWORD_VARIABLE = "TANDEM_LEGACY_PASSWORD";
    /** The password, refused as {@code --password}. */
    static final Secret PASSWORD = new Secret("--password", PASSWORD_VARIABLE);

    public SeedOptions {
        requireText("--host", host);
        requireText("--database", database);
        requireText("--user", user);
        if (password == null) {
            throw new IllegalArgumentException("missing " + PASSWORD_VARIABLE + " in the environment (the password of --user;"
                    + " may be empty)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("invalid --port " + port + " (valid: 1 to 65535)");
        }
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException("invalid --tokens " + tokens + " (valid: 1 to " + MAX_TOKENS + ")");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("invalid --threads " + threads + " (valid: 1 to " + MAX_THREADS + ")");
        }
        if (!database.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("invalid --database '" + database
                    + "' (valid: 1 to 64 letters, digits and underscores)");
        }
    }

    /** JDBC URL of the server, without a database: the seeder creates it when absent. */
    String serverUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
    }

    /** Leaves the password out: the options end up in logs. */
    @Override
    public String toString() {
        return "SeedOptions[" + user + "@" + host + ":" + port + "/" + database + " tokens=" + tokens
                + " seed=" + seed + " threads=" + threads + "]";
    }
}
