package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's command line. Defaults come from the local stack: the orchestrator URLs from
 * {@code .tandem/endpoints.env} ({@code ORCHESTRATOR_URLS}, written by {@code ./tandem up}) and the
 * operator token from {@code .tandem/admin-token}.
 *
 * @param urls      orchestrator base URLs; clients spread over them round-robin
 * @param adminToken bearer token with role operator (the phase is changed through the admin API)
 * @param clients   concurrent clients, each with one request in flight
 * @param duration  measured time per phase
 * @param warmup    unmeasured time per phase before it, so that pools and JIT settle
 * @param json      print JSON instead of a table
 * @param rate      writes per second the checker benchmark sends (open loop)
 * @param checkerMetrics the checker process's Prometheus page
 */
record BenchOptions(List<URI> urls, String adminToken, int clients, Duration duration, Duration warmup, boolean json,
                    int rate, URI checkerMetrics) {
    static final int DEFAULT_RATE = 1000;
    static final String DEFAULT_CHECKER_METRICS = "http://127.0.0.1:9410/metrics";
    static final int DEFAULT_CLIENTS = 16;
    static final int DEFAULT_SECONDS = 20;
    static final int DEFAULT_WARMUP_SECONDS = 5;
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    static final String USAGE = """
            Usage: tandem bench writes [--url URL[,URL...]] [--admin-token TOKEN | --admin-token-file FILE]
                                       [--clients N] [--seconds N] [--warmup-seconds N] [--state-dir DIR] [-o json]

            Measures PUT /v1/tokens latency (p50, p99) and throughput in LEGACY_ONLY, then in DUAL_WRITE,
            with the same load, and prints both side by side with their ratios. It switches the migration
            phase through the admin API (forced, audited with reason "benchmark"), so it runs only while
            the phase is LEGACY_ONLY or DUAL_WRITE, and it leaves the phase as it found it.

              --url               orchestrator URLs (default: ORCHESTRATOR_URLS in DIR/endpoints.env, else %s)
              --admin-token       operator token (default: first line of DIR/admin-token)
              --admin-token-file  file holding the operator token
              --clients           concurrent clients, 1 to 1024 (default %d)
              --seconds           measured seconds per phase, 1 to 3600 (default %d)
              --warmup-seconds    unmeasured seconds per phase first, 0 to 600 (default %d)
              --state-dir         the stack's state directory (default: .tandem)
              -o json             JSON output for scripts

            Exit codes: 0 measured, 1 refused (phase or admin API), 2 usage or connection error.
            """.formatted(DEFAULT_URL, DEFAULT_CLIENTS, DEFAULT_SECONDS, DEFAULT_WARMUP_SECONDS);

    /** A command line that cannot be run, with what is wrong and what is valid. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static BenchOptions parse(String[] args) throws UsageException {
        String urls = null;
        String token = null;
        Path tokenFile = null;
        Path stateDir = Path.of(".tandem");
        int clients = DEFAULT_CLIENTS;
        int seconds = DEFAULT_SECONDS;
        int warmup = DEFAULT_WARMUP_SECONDS;
        boolean json = false;
        int rate = DEFAULT_RATE;
        String checkerMetrics = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--url" -> urls = value(args, ++i, arg);
                case "--admin-token" -> token = value(args, ++i, arg);
                case "--admin-token-file" -> tokenFile = Path.of(value(args, ++i, arg));
                case "--clients" -> clients = number(value(args, ++i, arg), arg, 1, 1024);
                case "--seconds" -> seconds = number(value(args, ++i, arg), arg, 1, 3600);
                case "--warmup-seconds" -> warmup = number(value(args, ++i, arg), arg, 0, 600);
                case "--rate" -> rate = number(value(args, ++i, arg), arg, 1, 100_000);
                case "--checker-metrics" -> checkerMetrics = value(args, ++i, arg);
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, arg));
                case "-o", "--output" -> {
                    String format = value(args, ++i, arg);
                    if (!format.equals("json") && !format.equals("text")) {
                        throw new UsageException("unknown output format '" + format + "' (valid: text, json)");
                    }
                    json = format.equals("json");
                }
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (urls == null) {
            urls = endpoint(stateDir.resolve("endpoints.env"), "ORCHESTRATOR_URLS").orElse(DEFAULT_URL);
        }
        List<URI> parsed = new ArrayList<>();
        for (String url : urls.split(",")) {
            parsed.add(uri(url.strip()));
        }
        if (token == null) {
            Path file = tokenFile != null ? tokenFile : stateDir.resolve("admin-token");
            token = firstLine(file).orElseThrow(() -> new UsageException("no admin token: " + file
                    + " is missing or empty; run ./tandem up, or pass --admin-token"));
        }
        if (checkerMetrics == null) {
            checkerMetrics = endpoint(stateDir.resolve("endpoints.env"), "CHECKER_METRICS_URL").orElse(DEFAULT_CHECKER_METRICS);
        }
        return new BenchOptions(List.copyOf(parsed), token, clients, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                json, rate, uri(checkerMetrics));
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String value, String option, int min, int max) throws UsageException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new UsageException("invalid " + option + " '" + value + "' (valid: a whole number from " + min + " to " + max + ")");
    }

    private static URI uri(String value) throws UsageException {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new UsageException("invalid URL '" + value + "' (valid: http://host:port[/path])");
    }

    static Optional<String> endpoint(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + "=") && line.length() > key.length() + 1) {
                    return Optional.of(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException e) {
            // no file: the caller's default applies
        }
        return Optional.empty();
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip).filter(line -> !line.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
