package dev.tandem.seed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seeder's command line, and its password from the environment ({@value #PASSWORD_VARIABLE}):
 * a password on the command line is readable by every user of the host in the process list.
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

    static final String USAGE = """
            Usage: TANDEM_LEGACY_PASSWORD=W LegacySeeder --host H --port P --database D --user U --tokens N
                                                        [--seed S] [--threads T]

            Fills a legacy (Hydra-schema) MariaDB database with N realistic token rows, written the way the old
            OAuth server writes them. Creates the database and its tables when absent. The password of user U
            comes from the environment variable TANDEM_LEGACY_PASSWORD (it may be empty), never from an option.

              --tokens N    rows to write, 1 to %d
              --seed S      random seed; the same seed writes the same rows (default %d)
              --threads T   writer connections, 1 to %d (default %d)
            """.formatted(MAX_TOKENS, DEFAULT_SEED, MAX_THREADS, DEFAULT_THREADS);

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

    /**
     * Parses {@code --name value} pairs, the password from {@code environment}; every message names
     * the option, the value and what is valid.
     */
    public static SeedOptions parse(Map<String, String> environment, String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--password")) {
                throw new IllegalArgumentException("--password is not taken (every user of this host could read it in the"
                        + " process list): set " + PASSWORD_VARIABLE + " in the environment instead");
            }
            if (!isKnown(name)) {
                throw new IllegalArgumentException("unknown option '" + name
                        + "' (valid: --host, --port, --database, --user, --tokens, --seed, --threads)");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new SeedOptions(
                required(values, "--host"),
                integer(values, "--port", null),
                required(values, "--database"),
                required(values, "--user"),
                environment.get(PASSWORD_VARIABLE),
                integer(values, "--tokens", null),
                values.containsKey("--seed") ? longValue("--seed", values.get("--seed")) : DEFAULT_SEED,
                integer(values, "--threads", DEFAULT_THREADS));
    }

    /** JDBC URL of the server, without a database: the seeder creates it when absent. */
    String serverUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "--host", "--port", "--database", "--user", "--tokens", "--seed", "--threads" -> true;
            default -> false;
        };
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static int integer(Map<String, String> values, String name, Integer fallback) {
        String value = values.get(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("missing " + name);
            }
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + value + "' (valid: a whole number)");
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name + " '" + value + "' (valid: a whole number)");
        }
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
