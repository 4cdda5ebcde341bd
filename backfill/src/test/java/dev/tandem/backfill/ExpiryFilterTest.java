package dev.tandem.backfill;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiryFilterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final RandomTokens random = new RandomTokens(3);

    @Test
    void copiesOnlyWhatOutlivesTheHorizon() {
        TokenRecord expired = expiring(-1, false);
        TokenRecord expiresNow = expiring(0, false);
        TokenRecord soon = expiring(600, false);
        TokenRecord soonRevoked = expiring(600, true);
        TokenRecord atHorizon = expiring(3_600, false);
        TokenRecord later = expiring(3_601, false);
        TokenRecord laterRevoked = expiring(7_200, true);

        ExpiryFilter.Sorted sorted = ExpiryFilter.sort(
                List.of(expired, expiresNow, soon, soonRevoked, atHorizon, later, laterRevoked), NOW, 3_600);

        assertThat(sorted.toCopy()).containsExactly(later, laterRevoked);
        assertThat(sorted.expired()).isEqualTo(2);
        assertThat(sorted.expiring()).isEqualTo(3);
        assertThat(sorted.expiringLive()).containsExactly(soon, atHorizon);
    }

    @Test
    void zeroHorizonCopiesEverythingUnexpired() {
        TokenRecord soon = expiring(1, false);
        assertThat(ExpiryFilter.sort(List.of(soon, expiring(-10, false)), NOW, 0).toCopy()).containsExactly(soon);
    }

    private TokenRecord expiring(long secondsFromNow, boolean revoked) {
        Instant expiresAt = NOW.plusSeconds(secondsFromNow);
        return random.record(TokenKind.REFRESH_TOKEN).toBuilder()
                .issuedAt(expiresAt.minusSeconds(86_400)).expiresAt(expiresAt)
                .revokedAt(revoked ? expiresAt.minusSeconds(86_000) : null).build();
    }
}
