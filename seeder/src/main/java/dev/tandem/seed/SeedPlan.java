package dev.tandem.seed;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Which tokens the seeder writes: kind, id and grant of each, decided up front so that each table's
 * rows can be written in primary-key order: random-order inserts touch a random page per row, which
 * gets slow once a table outgrows the buffer pool (a million rows is about 1 GB here).
 *
 * <p>The mix: about 50% access tokens, 35% refresh tokens, 15% codes. Refresh tokens come in
 * families (rotation chains) of 1 to 5 sharing a request_id; half the access tokens were issued
 * with a refresh token and share its request_id, the rest and every code have their own.
 */
final class SeedPlan {
    static final double ACCESS_SHARE = 0.50;
    static final double REFRESH_SHARE = 0.35;
    static final int MAX_FAMILY_SIZE = 5;

    private static final char[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /**
     * One token to write.
     *
     * @param id         the signature: the hash of a random secret that is then forgotten
     * @param requestId  the grant; shared within a family
     * @param grantSeed  seeds what a grant's tokens share (client, subject, scopes)
     * @param rowSeed    seeds the rest of the row
     * @param clientCredentials an access token a client got for itself: no subject, no refresh token
     */
    record TokenSpec(String id, String requestId, long grantSeed, long rowSeed, boolean clientCredentials) {
    }

    private SeedPlan() {
    }

    /** Each table's tokens, sorted by id. */
    static Map<LegacyTable, List<TokenSpec>> plan(int tokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<LegacyTable, List<TokenSpec>> plan = new EnumMap<>(LegacyTable.class);
        for (LegacyTable table : LegacyTable.values()) {
            plan.put(table, new ArrayList<>());
        }
        String family = null;
        long familySeed = 0;
        int familyLeft = 0;
        for (int i = 0; i < tokens; i++) {
            double draw = random.nextDouble();
            LegacyTable table = draw < ACCESS_SHARE ? LegacyTable.ACCESS
                    : draw < ACCESS_SHARE + REFRESH_SHARE ? LegacyTable.REFRESH : LegacyTable.CODE;
            String id = TokenId.hashOf(secret(table, random));
            long rowSeed = random.nextLong();
            TokenSpec spec;
            if (table == LegacyTable.REFRESH) {
                if (familyLeft == 0) {
                    family = requestId(random);
                    familySeed = random.nextLong();
                    familyLeft = 1 + random.nextInt(MAX_FAMILY_SIZE);
                }
                familyLeft--;
                spec = new TokenSpec(id, family, familySeed, rowSeed, false);
            } else if (table == LegacyTable.ACCESS && family != null && random.nextBoolean()) {
                spec = new TokenSpec(id, family, familySeed, rowSeed, false);
            } else {
                boolean clientCredentials = table == LegacyTable.ACCESS && random.nextInt(5) == 0;
                spec = new TokenSpec(id, requestId(random), random.nextLong(), rowSeed, clientCredentials);
            }
            plan.get(table).add(spec);
        }
        plan.values().forEach(specs -> specs.sort(Comparator.comparing(TokenSpec::id)));
        return plan;
    }

    /** A secret shaped like the old server's ({@code ory_at_...}); only its hash is kept. */
    private static String secret(LegacyTable table, SplittableRandom random) {
        String prefix = switch (table) {
            case ACCESS -> "ory_at_";
            case REFRESH -> "ory_rt_";
            case CODE -> "ory_ac_";
        };
        StringBuilder secret = new StringBuilder(prefix.length() + 87).append(prefix);
        for (int i = 0; i < 87; i++) {
            secret.append(i == 43 ? '.' : BASE64URL[random.nextInt(BASE64URL.length)]);
        }
        return secret.toString();
    }

    private static String requestId(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
