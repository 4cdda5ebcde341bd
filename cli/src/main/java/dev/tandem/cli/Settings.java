package dev.tandem.cli;

import dev.tandem.commandline.Secret;
import dev.tandem.commandline.UsageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the orchestrator is and which admin token to send.
 *
 * <p>URLs: {@code --url}; else {@code ORCHESTRATOR_URLS} (every local instance, comma-separated) or
 * {@code ORCHESTRATOR_URL} of {@code endpoints.env} in the state directory, as {@code ./tandem up} writes
 * them; else {@value #DEFAULT_URL_ENV} ({@code ./tandem} sets it when the instances were moved to other
 * ports), else {@value #DEFAULT_URL}. With several URLs the first that accepts a connection answers, so a
 * rollback still works while one instance is down.
 *
 * <p>Token: the environment variable {@value #TOKEN_ENV}; else the file {@value #TOKEN_FILE} in the state
 * directory ({@code ./tandem up} creates it for the local stack). The token itself is never printed.
 *
 * @param urls        the orchestrator instances to try, in order
 * @param token       the bearer token
 * @param tokenSource where the token came from, for messages
 */
public record Settings(List<URI> urls, String token, String tokenSource) {
    public static final String DEFAULT_URL = "http://127.0.0.1:8080";
    public static final String DEFAULT_URL_ENV = "TANDEM_DEFAULT_URL";
    public static final String TOKEN_ENV = "TANDEM_ADMIN_TOKEN";
    public static final String TOKEN_FILE = "admin-token";
    public static final String ENDPOINTS_FILE = "endpoints.env";
    /** The token is a secret: refused on the command line, where every user of the host could read it. */
    static final Secret TOKEN = new Secret("--admin-token", TOKEN_ENV);
    /** Where the help says the token comes from (a footer line of every command's help). */
    static final String TOKEN_HELP = "The admin token comes from " + TOKEN_ENV + ", else .tandem/" + TOKEN_FILE
            + " (./tandem up writes it); never from an option.";

    /** Resolves the settings with {@code --url} when given; {@code stateDir} is the repository's {@code .tandem}. */
    public static Settings resolve(Optional<URI> url, Map<String, String> env, Path stateDir) throws UsageException {
        List<URI> urls = url.isPresent() ? List.of(url.get()) : urlsFromEndpoints(stateDir, env);
        String fromEnv = env.get(TOKEN_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Settings(urls, checkedToken(fromEnv.strip(), TOKEN_ENV), TOKEN_ENV);
        }
        Path file = stateDir.resolve(TOKEN_FILE);
        String fromFile = Files.isReadable(file) ? firstLine(file) : "";
        if (fromFile.isBlank()) {
            throw new UsageException("no admin token: set " + TOKEN_ENV + " or put one in " + file
                    + " (./tandem up creates it for the local stack)");
        }
        return new Settings(urls, checkedToken(fromFile.strip(), file.toString()), file.toString());
    }

    /** Parses a URL given by {@code origin} (an option or a file key); only http and https with a host. */
    public static URI parseUrl(String value, String origin) throws UsageException {
        String trimmed = value.strip();
        try {
            URI uri = new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with what is valid
        }
        throw new UsageException("invalid " + origin + " '" + value
                + "' (valid: an http or https URL of an orchestrator, e.g. " + DEFAULT_URL + ")");
    }

    private static List<URI> urlsFromEndpoints(Path stateDir, Map<String, String> env) throws UsageException {
        Path file = stateDir.resolve(ENDPOINTS_FILE);
        Map<String, String> values = Files.isReadable(file) ? readEnvFile(file) : Map.of();
        String list = values.getOrDefault("ORCHESTRATOR_URLS", "");
        String single = values.getOrDefault("ORCHESTRATOR_URL", "");
        List<URI> urls = new ArrayList<>();
        if (!single.isBlank()) {
            urls.add(parseUrl(single, "ORCHESTRATOR_URL in " + file));
        }
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                URI uri = parseUrl(entry, "ORCHESTRATOR_URLS in " + file);
                if (!urls.contains(uri)) {
                    urls.add(uri);
                }
            }
        }
        if (urls.isEmpty()) {
            String fallback = env.getOrDefault(DEFAULT_URL_ENV, "");
            urls.add(fallback.isBlank() ? URI.create(DEFAULT_URL) : parseUrl(fallback, DEFAULT_URL_ENV));
        }
        return List.copyOf(urls);
    }

    /** Shell {@code KEY=value} lines as stack/stack.sh and ./tandem write them; quotes are removed. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.startsWith("#") || equals < 1) {
                    continue;
                }
                String value = trimmed.substring(equals + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(trimmed.substring(0, equals).strip(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }

    private static String firstLine(Path file) throws UsageException {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new UsageException("cannot read the admin token from " + file + ": " + e.getMessage());
        }
    }

    // An HTTP header takes visible ASCII only; the token is not echoed, it is a secret.
    private static String checkedToken(String token, String source) throws UsageException {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new UsageException("invalid admin token from " + source
                        + " (valid: one line of visible ASCII characters, without spaces)");
            }
        }
        return token;
    }

    /** Leaves the token out: settings may end up in messages. */
    @Override
    public String toString() {
        return "Settings[urls=" + urls + ", token from " + tokenSource + "]";
    }
}
