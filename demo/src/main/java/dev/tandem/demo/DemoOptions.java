package dev.tandem.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's command line. Defaults come from the local stack that {@code ./tandem up} writes:
 * {@code ORCHESTRATOR_URLS} in {@code STATE_DIR/endpoints.env} and the operator token in
 * {@code STATE_DIR/admin-token} (or {@code TANDEM_ADMIN_TOKEN}).
 *
 * @param urls         orchestrator instances; the workload spreads over them, the admin calls go to the first
 * @param tokens       rows seeded into legacy before the run (reported, and sizes nothing else)
 * @param rate         workload requests per second, all clients together
 * @param clients      workload threads
 * @param timeout      longest wait for any one thing: guards, a job, the cutover
 * @param warmup       workload time in LEGACY_ONLY before the first step
 * @param drill        workload time with reads rolled back to legacy
 * @param engineWrites workload time in WRITE_ENGINE
 * @param json         print the summary as JSON on stdout (progress goes to stderr)
 */
public record DemoOptions(List<URI> urls, String adminToken, long tokens, int rate, int clients, Duration timeout,
                          Duration warmup, Duration drill, Duration engineWrites, boolean json) {
    public static final long DEFAULT_TOKENS = 100_000;
    public static final long MAX_TOKENS = 100_000_000;
    public static final int DEFAULT_RATE = 50;
    public static final int MAX_RATE = 10_000;
    public static final int DEFAULT_CLIENTS = 8;
    public static final int MAX_CLIENTS = 256;
    public static final int DEFAULT_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_WARMUP_SECONDS = 3;
    public static final int DEFAULT_DRILL_SECONDS = 5;
    public static final int DEFAULT_ENGINE_WRITE_SECONDS = 10;
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String TOKEN_ENV = "TANDEM_ADMIN_TOKEN";

    public static final String USAGE = """
            Usage: ./tandem demo [--tokens N] [--rate R] [--fresh] [-o json]
                   (the Java main: dev.tandem.demo.Demo [options below])

            Walks a live migration from LEGACY_ONLY to ENGINE_ONLY through the admin API while a workload
            issues, reads, rotates and revokes tokens through the token API, then prints a summary.
            Exits 0 when no request failed, the migration is in ENGINE_ONLY and the last verification is
            clean; 1 otherwise (the summary says why); 2 on bad usage.

              --tokens N               rows seeded into legacy, 1 to %,d (default %,d)
              --rate R                 workload requests per second, 1 to %,d (default %d)
              --clients C              workload threads, 1 to %d (default %d)
              --timeout S              longest wait for guards, a job or the cutover, 10 to 86400 s (default %d)
              --warmup-seconds S       workload seconds in LEGACY_ONLY first, 0 to 3600 (default %d)
              --drill-seconds S        workload seconds with reads rolled back to legacy, 1 to 3600 (default %d)
              --engine-write-seconds S workload seconds in WRITE_ENGINE, 0 to 3600 (default %d)
              --url URL[,URL...]       orchestrator instances (default: ORCHESTRATOR_URLS in DIR/endpoints.env, else %s)
              --state-dir DIR          the stack's state directory (default .tandem)
              --admin-token-file FILE  operator token file (default: $%s, else DIR/admin-token)
              -o json|text             the summary as JSON on stdout, progress on stderr (default text)
            """.formatted(MAX_TOKENS, DEFAULT_TOKENS, MAX_RATE, DEFAULT_RATE, MAX_CLIENTS, DEFAULT_CLIENTS,
            DEFAULT_TIMEOUT_SECONDS, DEFAULT_WARMUP_SECONDS, DEFAULT_DRILL_SECONDS, DEFAULT_ENGINE_WRITE_SECONDS,
            DEFAULT_URL, TOKEN_ENV);

    /** Parses {@code args}; {@code env} supplies {@value #TOKEN_ENV}. */
    public static DemoOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String urls = null;
        Path stateDir = Path.of(".tandem");
        Path tokenFile = null;
        long tokens = DEFAULT_TOKENS;
        int rate = DEFAULT_RATE;
        int clients = DEFAULT_CLIENTS;
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        int warmup = DEFAULT_WARMUP_SECONDS;
        int drill = DEFAULT_DRILL_SECONDS;
        int engineWrites = DEFAULT_ENGINE_WRITE_SECONDS;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = option.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
            String value = null;
            if (isValued(option)) {
                value = inline != null ? inline : value(args, ++i, option);
            } else if (inline != null) {
                throw new UsageException("unknown option '" + arg + "' (see ./tandem demo --help)");
            }
            switch (option) {
                case "--tokens" -> tokens = number(option, value, 1, MAX_TOKENS);
                case "--rate" -> rate = (int) number(option, value, 1, MAX_RATE);
                case "--clients" -> clients = (int) number(option, value, 1, MAX_CLIENTS);
                case "--timeout" -> timeout = (int) number(option, value, 10, 86_400);
                case "--warmup-seconds" -> warmup = (int) number(option, value, 0, 3600);
                case "--drill-seconds" -> drill = (int) number(option, value, 1, 3600);
                case "--engine-write-seconds" -> engineWrites = (int) number(option, value, 0, 3600);
                case "--url" -> urls = value;
                case "--state-dir" -> stateDir = Path.of(value);
                case "--admin-token-file" -> tokenFile = Path.of(value);
                case "-o", "--output" -> {
                    if (!value.equals("json") && !value.equals("text")) {
                        throw new UsageException("invalid " + option + " '" + value + "' (valid: json, text)");
                    }
                    json = value.equals("json");
                }
                default -> throw new UsageException("unknown option '" + arg + "' (see ./tandem demo --help)");
            }
        }
        if (urls == null) {
            urls = endpoint(stateDir.resolve("endpoints.env"), "ORCHESTRATOR_URLS").orElse(DEFAULT_URL);
        }
        List<URI> parsed = new ArrayList<>();
        for (String url : urls.split(",", -1)) {
            parsed.add(uri(url.strip()));
        }
        String token = token(env, tokenFile, stateDir);
        return new DemoOptions(List.copyOf(parsed), token, tokens, rate, clients, Duration.ofSeconds(timeout),
                Duration.ofSeconds(warmup), Duration.ofSeconds(drill), Duration.ofSeconds(engineWrites), json);
    }

    /** The management port's metrics of the first instance: the launcher puts it 1000 above the API port. */
    public URI metricsUrl() {
        URI first = urls.get(0);
        int port = first.getPort() < 0 ? 80 : first.getPort();
        return URI.create(first.getScheme() + "://" + first.getHost() + ":" + (port + 1000) + "/q/metrics");
    }

    /** Never shows the admin token. */
    @Override
    public String toString() {
        return "DemoOptions[urls=" + urls + ", tokens=" + tokens + ", rate=" + rate + ", clients=" + clients
                + ", timeout=" + timeout + ", warmup=" + warmup + ", drill=" + drill + ", engineWrites=" + engineWrites
                + ", json=" + json + "]";
    }

    private static boolean isValued(String option) {
        return switch (option) {
            case "--tokens", "--rate", "--clients", "--timeout", "--warmup-seconds", "--drill-seconds",
                 "--engine-write-seconds", "--url", "--state-dir", "--admin-token-file", "-o", "--output" -> true;
            default -> false;
        };
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException("option " + option + " needs a value (see ./tandem demo --help)");
        }
        return args[index];
    }

    private static long number(String option, String value, long min, long max) throws UsageException {
        if (value.matches("[0-9]{1,12}")) {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        throw new UsageException(String.format(java.util.Locale.ROOT,
                "invalid %s '%s' (valid: a whole number from %d to %d)", option, abbreviate(value), min, max));
    }

    private static URI uri(String value) throws UsageException {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty())) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new UsageException("invalid --url '" + abbreviate(value) + "' (valid: http://host:port, comma-separated)");
    }

    private static String token(Map<String, String> env, Path tokenFile, Path stateDir) throws UsageException {
        if (tokenFile == null) {
            String fromEnv = env.get(TOKEN_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.strip();
            }
        }
        Path file = tokenFile != null ? tokenFile : stateDir.resolve("admin-token");
        return firstLine(file).orElseThrow(() -> new UsageException("no admin token: " + file
                + " is missing or empty (./tandem up writes it; or set " + TOKEN_ENV + ")"));
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

    /** Values are echoed in usage errors, but never at length. */
    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
