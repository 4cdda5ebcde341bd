package dev.tandem.testing;

import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random valid OAuth clients for contract tests, beside {@link RandomTokens}: seeded, times inside
 * what both stores hold, redirect URIs that differ only in spelling (a trailing slash, a port, the
 * case of a path, a query) so that a store which normalises or reorders them is caught.
 */
public final class RandomClients {
    private static final Instant EARLIEST_CREATION = Instant.parse("2021-01-01T00:00:00Z");
    private static final long CREATION_SPAN_SECONDS = Duration.ofDays(5 * 365).toSeconds();
    private static final List<String> HOSTS = List.of("app.example.com", "localhost:8443", "127.0.0.1:9000", "partner.example.org");
    private static final List<String> PATHS = List.of("/cb", "/cb/", "/oauth/callback", "/Callback", "/cb?tenant=7", "/a/b/c?x=1&y=2");

    private final Random random;
    private final long seed;

    public RandomClients(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /** A client id in the form Tandem hands them out: ASCII, so every store's order is Java's. */
    public String id() {
        return "app-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    }

    public ClientRecord record() {
        return random.nextBoolean() ? publicClient() : confidentialClient();
    }

    public ClientRecord publicClient() {
        return client(ClientAuthMethod.NONE);
    }

    public ClientRecord confidentialClient() {
        return client(random.nextBoolean() ? ClientAuthMethod.CLIENT_SECRET_BASIC : ClientAuthMethod.CLIENT_SECRET_POST);
    }

    private ClientRecord client(ClientAuthMethod method) {
        Instant createdAt = EARLIEST_CREATION.plusSeconds(Math.floorMod(random.nextLong(), CREATION_SPAN_SECONDS));
        Instant updatedAt = random.nextBoolean() ? createdAt : createdAt.plusSeconds(1 + random.nextInt(1_000_000));
        boolean confidential = method != ClientAuthMethod.NONE;
        TreeSet<String> grants = new TreeSet<>(List.of("authorization_code"));
        if (random.nextInt(4) != 0) {
            grants.add("refresh_token");
        }
        return new ClientRecord(id(),
                "App " + random.nextInt(100_000) + (random.nextInt(5) == 0 ? " (Zürich, ünïcode)" : ""),
                confidential ? secretHash() : null,
                confidential && random.nextInt(3) == 0 ? secretHash() : null,
                redirectUris(),
                grants,
                method,
                scopes(),
                createdAt,
                updatedAt,
                false,
                1 + Math.floorMod(random.nextLong(), 1L << 50));
    }

    /** One to four distinct URIs in random (not sorted) order. */
    public List<String> redirectUris() {
        int count = 1 + random.nextInt(4);
        List<String> uris = new ArrayList<>();
        while (uris.size() < count) {
            String host = HOSTS.get(random.nextInt(HOSTS.size()));
            String scheme = host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https";
            String uri = random.nextInt(6) == 0 ? "com.example.app:/oauth2redirect"
                    : scheme + "://" + host + PATHS.get(random.nextInt(PATHS.size()));
            if (!uris.contains(uri)) {
                uris.add(uri);
            }
        }
        return uris;
    }

    public TreeSet<String> scopes() {
        TreeSet<String> scopes = new TreeSet<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            scopes.add(RandomTokens.SCOPES.get(random.nextInt(RandomTokens.SCOPES.size())));
        }
        return scopes;
    }

    /** Shaped like the PBKDF2 hashes the server stores; random bytes, not the hash of anything. */
    public String secretHash() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$310000$" + base64.encodeToString(bytes(16)) + "$" + base64.encodeToString(bytes(32));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
