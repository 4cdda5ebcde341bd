package dev.tandem.seed;

import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.seed.SeedPlan.TokenSpec;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Rows as the old server writes them: Tandem's fields amid everything else it keeps. Scopes in
 * request order, requested scope wider than granted, the whole token request in {@code form_data}
 * (client secrets, PKCE verifiers, codes and refresh tokens in the clear: the old server did that,
 * and the mapping must never read them), a session blob with expiries of several kinds and
 * unrelated keys, RFC 3339 times with nanoseconds or offsets.
 *
 * <p>About 20% of rows are expired and 5% revoked ({@code active = 0}).
 */
final class OldServerRows {
    static final double EXPIRED_SHARE = 0.20;
    static final double REVOKED_SHARE = 0.05;
    static final Duration ACCESS_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** How long before the seeding expired rows expired, at most. */
    static final Duration EXPIRED_SPAN = Duration.ofDays(90);

    static final List<String> SCOPES = List.of("openid", "profile", "email", "address", "phone", "offline_access",
            "read:orders", "write:orders", "read:profile", "payments:write", "admin", "groups",
            "https://api.example.com/orders.read", "https://api.example.com/orders.write");
    private static final List<String> CLIENTS = clients();
    private static final char[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OldServerRows() {
    }

    /** The row of {@code spec} in {@code table}, its times relative to {@code now}. */
    static LegacyRow row(LegacyTable table, TokenSpec spec, Instant now) {
        SplittableRandom grant = new SplittableRandom(spec.grantSeed());
        SplittableRandom row = new SplittableRandom(spec.rowSeed());
        String client = CLIENTS.get(grant.nextInt(CLIENTS.size()));
        boolean clientCredentials = spec.clientCredentials();
        String user = grant.nextInt(3) == 0
                ? new UUID(grant.nextLong(), grant.nextLong()).toString() : "user-" + grant.nextInt(2_000_000);
        String subject = clientCredentials ? "" : user;
        List<String> granted = grantedScopes(grant, table);
        List<String> requested = new ArrayList<>(granted);
        if (row.nextInt(4) == 0) {
            requested.add(SCOPES.get(row.nextInt(SCOPES.size())));
        }
        shuffle(granted, row);
        shuffle(requested, row);

        Duration lifetime = switch (table) {
            case ACCESS -> ACCESS_LIFETIME;
            case REFRESH -> REFRESH_LIFETIME;
            case CODE -> CODE_LIFETIME;
        };
        Instant issuedAt;
        Instant expiresAt;
        if (row.nextDouble() < EXPIRED_SHARE) {
            expiresAt = now.minusSeconds(1 + row.nextLong(EXPIRED_SPAN.toSeconds()));
            issuedAt = expiresAt.minus(lifetime);
        } else {
            // Issued within the first 95% of a lifetime ago: every live row outlives the seeding by a while.
            issuedAt = now.minusSeconds(row.nextLong(lifetime.toSeconds() * 95 / 100));
            expiresAt = issuedAt.plus(lifetime);
        }
        boolean active = row.nextDouble() >= REVOKED_SHARE;
        String audience = row.nextInt(5) == 0 ? "https://api.example.com" : "";
        return new LegacyRow(table, spec.id(), spec.requestId(), issuedAt, client,
                join(requested, row), join(granted, row), audience, audience,
                formData(table, client, requested, clientCredentials, row),
                sessionData(table, client, subject, expiresAt, row),
                subject, active, table == LegacyTable.CODE ? hex(row, 32) : null, false, 0);
    }

    private static List<String> grantedScopes(SplittableRandom grant, LegacyTable table) {
        List<String> scopes = new ArrayList<>();
        int count = 1 + grant.nextInt(5);
        while (scopes.size() < count) {
            String scope = SCOPES.get(grant.nextInt(SCOPES.size()));
            if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        if (table == LegacyTable.REFRESH && !scopes.contains("offline_access")) {
            scopes.add("offline_access");
        }
        return scopes;
    }

    /** Mostly single spaces; now and then the double and trailing spaces some old clients sent. */
    private static String join(List<String> scopes, SplittableRandom row) {
        String separator = row.nextInt(30) == 0 ? "  " : " ";
        return String.join(separator, scopes) + (row.nextInt(50) == 0 ? " " : "");
    }

    private static String formData(LegacyTable table, String client, List<String> requested, boolean clientCredentials,
                                   SplittableRandom row) {
        StringBuilder form = new StringBuilder(320);
        String redirect = "https%3A%2F%2F" + client + ".example.com%2Fcallback";
        String scope = String.join("+", requested).replace(":", "%3A").replace("/", "%2F");
        if (table == LegacyTable.CODE) {
            form.append("client_id=").append(client).append("&redirect_uri=").append(redirect)
                    .append("&response_type=code&scope=").append(scope)
                    .append("&state=").append(base64url(row, 22)).append("&nonce=").append(base64url(row, 22));
            if (row.nextInt(5) != 0) {
                boolean plain = row.nextInt(10) == 0;
                form.append("&code_challenge=").append(base64url(row, 43))
                        .append("&code_challenge_method=").append(plain ? "plain" : "S256");
            }
        } else if (clientCredentials) {
            form.append("grant_type=client_credentials&scope=").append(scope);
        } else if (table == LegacyTable.REFRESH && row.nextBoolean()) {
            form.append("grant_type=refresh_token&refresh_token=ory_rt_").append(base64url(row, 43))
                    .append('.').append(base64url(row, 43));
        } else {
            form.append("grant_type=authorization_code&code=ory_ac_").append(base64url(row, 43)).append('.')
                    .append(base64url(row, 43)).append("&redirect_uri=").append(redirect)
                    .append("&code_verifier=").append(base64url(row, 64));
        }
        if (table != LegacyTable.CODE && (clientCredentials || row.nextInt(5) < 2)) {
            form.append("&client_id=").append(client).append("&client_secret=").append(base64url(row, 32));
        }
        return form.toString();
    }

    private static String sessionData(LegacyTable table, String client, String subject, Instant expiresAt,
                                      SplittableRandom row) {
        StringBuilder session = new StringBuilder(360);
        session.append("{\"id_token\":{\"username\":\"\",\"subject\":\"").append(subject).append("\"},\"extra\":{");
        if (row.nextInt(4) == 0) {
            session.append("\"tenant\":\"t-").append(row.nextInt(40)).append('"');
        }
        session.append("},\"kid\":\"public:hydra.openid.id-token\",\"client_id\":\"").append(client)
                .append("\",\"consent_challenge\":\"").append(hex(row, 32)).append("\",\"expires_at\":{");
        // The old server stores the expiry of every kind its session issued; the row's kind picks one.
        if (table != LegacyTable.CODE) {
            session.append("\"access_token\":\"").append(rfc3339(table == LegacyTable.ACCESS ? expiresAt
                    : expiresAt.minus(REFRESH_LIFETIME).plus(ACCESS_LIFETIME), row)).append("\",");
        }
        if (table == LegacyTable.REFRESH) {
            session.append("\"refresh_token\":\"").append(rfc3339(expiresAt, row)).append("\",");
        }
        if (table == LegacyTable.CODE) {
            session.append("\"authorize_code\":\"").append(rfc3339(expiresAt, row)).append("\",");
        }
        session.append("\"id_token\":\"").append(rfc3339(expiresAt, row)).append("\"},\"subject\":\"").append(subject).append("\"}");
        return session.toString();
    }

    /** Go's RFC3339Nano, as the old server wrote times: UTC or a local offset, with nanoseconds or without. */
    private static String rfc3339(Instant time, SplittableRandom row) {
        int form = row.nextInt(10);
        if (form < 3) {
            return time.toString();
        }
        Instant precise = time.plusNanos(1 + row.nextInt(999_999_999));
        if (form < 8) {
            return precise.toString();
        }
        return precise.atOffset(ZoneOffset.ofHours(row.nextInt(-8, 10))).toString();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }

    private static String base64url(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE64URL[random.nextInt(BASE64URL.length)];
        }
        return new String(chars);
    }

    private static String hex(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = HEX[random.nextInt(16)];
        }
        return new String(chars);
    }

    private static List<String> clients() {
        List<String> clients = new ArrayList<>();
        String[] names = {"web-portal", "ios-app", "android-app", "billing-service", "partner", "reporting", "cli", "smart-tv"};
        for (int i = 0; i < 200; i++) {
            clients.add(names[i % names.length] + "-" + i);
        }
        return List.copyOf(clients);
    }
}
