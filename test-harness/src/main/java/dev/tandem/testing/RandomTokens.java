package dev.tandem.testing;

import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random valid canonical records for property-style and contract tests. Seeded, so a failure
 * names a seed that reproduces it. Times stay inside what both stores can hold.
 */
public final class RandomTokens {
    /** Scope names as real clients ask for them, some with URL and colon forms. */
    public static final List<String> SCOPES = List.of(
            "openid", "profile", "email", "offline_access", "address", "phone",
            "read:tokens", "write:tokens", "admin", "https://api.example.com/orders.read", "payments:write");
    private static final Instant EARLIEST_ISSUE = Instant.parse("2021-01-01T00:00:00Z");
    private static final long ISSUE_SPAN_SECONDS = Duration.ofDays(5 * 365).toSeconds();

    private final Random random;
    private final long seed;

    public RandomTokens(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    public String id() {
        return TokenId.hashOf("secret-" + random.nextLong() + "-" + random.nextLong());
    }

    public TokenRecord record() {
        return record(TokenKind.values()[random.nextInt(TokenKind.values().length)]);
    }

    public TokenRecord record(TokenKind kind) {
        Instant issuedAt = EARLIEST_ISSUE.plusSeconds(nextLong(ISSUE_SPAN_SECONDS));
        TokenRecord.Builder builder = TokenRecord.builder()
                .id(id())
                .kind(kind)
                .clientId(pick("web-app", "mobile-app", "billing-service", "partner-" + random.nextInt(1000)))
                .subject(random.nextInt(10) == 0 ? null : "user-" + random.nextInt(1_000_000))
                .scopes(scopes())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plusSeconds(60 + nextLong(Duration.ofDays(60).toSeconds())))
                .familyId(kind == TokenKind.ACCESS_TOKEN && random.nextBoolean() ? null : "grant-" + Long.toHexString(random.nextLong()))
                .version(1 + nextLong(1L << 50));
        if (random.nextInt(5) == 0) {
            builder.revokedAt(issuedAt.plusSeconds(1 + nextLong(30)));
        }
        if (kind == TokenKind.AUTHORIZATION_CODE || random.nextInt(10) == 0) {
            builder.codeChallenge(randomChallenge(), random.nextInt(8) == 0 ? PkceMethod.PLAIN : PkceMethod.S256);
        }
        return builder.build();
    }

    public TreeSet<String> scopes() {
        TreeSet<String> scopes = new TreeSet<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            scopes.add(SCOPES.get(random.nextInt(SCOPES.size())));
        }
        return scopes;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong(long bound) {
        return Math.floorMod(random.nextLong(), bound);
    }

    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String randomChallenge() {
        StringBuilder challenge = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < 43; i++) {
            challenge.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return challenge.toString();
    }
}
