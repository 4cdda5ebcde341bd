package dev.tandem.demo;

import dev.tandem.admin.client.LocalStackFiles;
import dev.tandem.commandline.Commands;
import dev.tandem.commandline.UsageException;
import dev.tandem.commandline.Values;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    public static final String TOKEN_ENV = LocalStackFiles.TOKEN_ENV;

    /** Parses {@code args}; {@code env} supplies {@value #TOKEN_ENV}. */
    public static DemoOptions parse(String[] args, Map<String, String> env) throws UsageException {
        DemoCommand command = new DemoCommand(env, options -> 0);
        try {
            new CommandLine(command).parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(Commands.message(e, List.of()));
        }
        return command.options();
    }

    /** The command line's options, the URLs and the admin token from the stack's state where not given. */
    static DemoOptions resolve(DemoCommand command, Map<String, String> env) throws UsageException {
        String urls = command.urls != null ? command.urls
                : LocalStackFiles.endpoint(command.stateDir, "ORCHESTRATOR_URLS").orElse(DEFAULT_URL);
        List<URI> parsed = new ArrayList<>();
        for (String url : urls.split(",", -1)) {
            parsed.add(uri(url.strip()));
        }
        String token = token(env, command.tokenFile, command.stateDir);
        return new DemoOptions(List.copyOf(parsed), token, command.tokens, command.rate, command.clients,
                Duration.ofSeconds(command.timeout), Duration.ofSeconds(command.warmup), Duration.ofSeconds(command.drill),
                Duration.ofSeconds(command.engineWrites), command.output.json());
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
        throw new UsageException("invalid --url '" + Values.abbreviate(value) + "' (valid: http://host:port, comma-separated)");
    }

    private static String token(Map<String, String> env, Path tokenFile, Path stateDir) throws UsageException {
        return LocalStackFiles.adminToken(tokenFile, stateDir, env).orElseThrow(() -> new UsageException("no admin token: "
                + LocalStackFiles.tokenSource(tokenFile, stateDir) + " is missing or empty (./tandem up writes it; or set "
                + TOKEN_ENV + ")"));
    }
}
