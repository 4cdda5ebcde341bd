package dev.tandem.bench;

import dev.tandem.admin.client.LocalStackFiles;
import dev.tandem.commandline.Commands;
import dev.tandem.commandline.Secret;
import dev.tandem.commandline.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's command line. Defaults come from the local stack: the orchestrator URLs from
 * {@code .tandem/endpoints.env} ({@code ORCHESTRATOR_URLS}, written by {@code ./tandem up}) and the
 * operator token from {@value #TOKEN_ENV} or {@code .tandem/admin-token} (never from the command line).
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

    static final String TOKEN_ENV = LocalStackFiles.TOKEN_ENV;
    /** The operator token, refused on the command line. */
    static final Secret ADMIN_TOKEN = new Secret("--admin-token", TOKEN_ENV);

    /** Parses {@code args} alone (for tests); {@code env} supplies {@value #TOKEN_ENV}. */
    static BenchOptions parse(String[] args, Map<String, String> env) throws UsageException {
        Alone alone = new Alone();
        try {
            new CommandLine(alone).parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(Commands.message(e, List.of(ADMIN_TOKEN)));
        }
        return resolve(alone.load, env);
    }

    /** The load options as a command of their own: a mixin checks its values through the command it is mixed into. */
    @CommandLine.Command(name = "load")
    private static final class Alone {
        @CommandLine.Mixin
        LoadOptions load;
    }

    /** The options, the URLs, the token and the checker's page from the stack's state where not given. */
    static BenchOptions resolve(LoadOptions load, Map<String, String> env) throws UsageException {
        String urls = load.urls != null ? load.urls
                : LocalStackFiles.endpoint(load.stateDir, "ORCHESTRATOR_URLS").orElse(DEFAULT_URL);
        List<URI> parsed = new ArrayList<>();
        for (String url : urls.split(",")) {
            parsed.add(uri(url.strip()));
        }
        String token = LocalStackFiles.adminToken(load.tokenFile, load.stateDir, env).orElseThrow(() -> new UsageException(
                "no admin token: " + LocalStackFiles.tokenSource(load.tokenFile, load.stateDir)
                        + " is missing or empty; run ./tandem up, or set " + TOKEN_ENV));
        String checkerMetrics = load.checkerMetrics != null ? load.checkerMetrics
                : LocalStackFiles.endpoint(load.stateDir, "CHECKER_METRICS_URL").orElse(DEFAULT_CHECKER_METRICS);
        return new BenchOptions(List.copyOf(parsed), token.strip(), load.clients, Duration.ofSeconds(load.seconds),
                Duration.ofSeconds(load.warmup), load.output.json(), load.rate, uri(checkerMetrics));
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
}
