package dev.tandem.backfill;

import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which legacy records a chunk copies. A record that has expired is never copied; one that
 * expires within the horizon is not copied either, because it will be gone by the time reads move
 * to the engine, and copying it would only add write load. Pure: the time is passed in.
 */
final class ExpiryFilter {
    private ExpiryFilter() {
    }

    /**
     * A chunk sorted out.
     *
     * @param toCopy       records to write to the engine
     * @param expired      how many had expired
     * @param expiring     how many expire within the horizon
     * @param expiringLive of those, the ones still usable (not revoked): live tokens that stay in legacy only
     *                     unless the engine has them already
     */
    record Sorted(List<TokenRecord> toCopy, long expired, long expiring, List<TokenRecord> expiringLive) {
    }

    static Sorted sort(List<TokenRecord> records, Instant now, long horizonSeconds) {
        Instant horizon = now.plusSeconds(horizonSeconds);
        List<TokenRecord> toCopy = new ArrayList<>(records.size());
        List<TokenRecord> expiringLive = new ArrayList<>();
        long expired = 0;
        long expiring = 0;
        for (TokenRecord record : records) {
            if (!record.expiresAt().isAfter(now)) {
                expired++;
            } else if (!record.expiresAt().isAfter(horizon)) {
                expiring++;
                if (!record.isRevoked()) {
                    expiringLive.add(record);
                }
            } else {
                toCopy.add(record);
            }
        }
        return new Sorted(toCopy, expired, expiring, expiringLive);
    }
}
