package dev.tandem.backfill;

import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Expired and soon-expiring legacy rows are not copied, and the status says what stays behind in legacy. */
class BackfillExpiryIT {
    private final RandomTokens random = new RandomTokens(11);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private Stores stores;
    private Backfill backfill;

    private final List<TokenRecord> expired = new ArrayList<>();
    private final List<TokenRecord> expiringLive = new ArrayList<>();
    private final List<TokenRecord> expiringRevoked = new ArrayList<>();
    private final List<TokenRecord> expiringInBoth = new ArrayList<>();
    private final List<TokenRecord> lasting = new ArrayList<>();

    @BeforeEach
    void seed() {
        stores = new Stores();
        backfill = stores.backfill("instance-a");
        for (int i = 0; i < 10; i++) {
            expired.add(token(-3_600 - i * 60L, false));
            expiringLive.add(token(600 + i * 240L, false));
            lasting.add(token(7_200 + i * 60L, i % 3 == 0));
        }
        for (int i = 0; i < 5; i++) {
            expiringRevoked.add(token(900, true));
        }
        for (int i = 0; i < 3; i++) {
            expiringInBoth.add(token(1_200, false));
        }
        List<TokenRecord> all = new ArrayList<>();
        List.of(expired, expiringLive, expiringRevoked, expiringInBoth, lasting).forEach(all::addAll);
        stores.seedLegacy(all);
        // Written by the live dual-write already: not "only in legacy".
        expiringInBoth.forEach(record -> stores.engine.upsert(record).await().atMost(Stores.TIMEOUT));
    }

    @AfterEach
    void tearDown() {
        if (backfill != null) {
            backfill.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void rowsExpiringWithinTheHorizonStayInLegacyAndAreCounted() {
        backfill.start(BackfillSettings.fromMap(Map.of("chunk.size", "7")));
        BackfillStatus done = BackfillControlIT.awaitDone(backfill);

        assertThat(done.rowsScanned()).isEqualTo(38);
        assertThat(done.rowsCopied()).isEqualTo(lasting.size());
        assertThat(done.rowsSkippedExpired()).isEqualTo(expired.size());
        assertThat(done.rowsSkippedExpiring()).isEqualTo(expiringLive.size() + expiringRevoked.size() + expiringInBoth.size());
        assertThat(done.rowsSkippedNewerInEngine()).isZero();
        assertThat(done.liveOnlyInLegacy()).isEqualTo(expiringLive.size());
        assertThat(done.lastLegacyOnlyExpiry()).isEqualTo(now.plusSeconds(600 + 9 * 240L));

        Set<String> inEngine = stores.allInEngine().stream().map(TokenRecord::id).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(ids(lasting));
        expected.addAll(ids(expiringInBoth));
        assertThat(inEngine).isEqualTo(expected);
        for (TokenRecord record : lasting) {
            assertThat(stores.inEngine(record.id())).isEqualTo(stores.inLegacy(record.id()));
        }
    }

    @Test
    void zeroHorizonCopiesEverythingNotYetExpiredButNeverAnExpiredRow() {
        backfill.start(BackfillSettings.fromMap(Map.of("expiry.horizon.seconds", "0")));
        BackfillStatus done = BackfillControlIT.awaitDone(backfill);

        assertThat(done.rowsSkippedExpired()).isEqualTo(expired.size());
        assertThat(done.rowsSkippedExpiring()).isZero();
        assertThat(done.liveOnlyInLegacy()).isZero();
        assertThat(done.lastLegacyOnlyExpiry()).isNull();
        // The three dual-written ones were in the engine already, in the same version.
        assertThat(done.rowsSkippedNewerInEngine()).isEqualTo(expiringInBoth.size());
        assertThat(done.rowsCopied()).isEqualTo(lasting.size() + expiringLive.size() + expiringRevoked.size());
        for (TokenRecord record : expired) {
            assertThat(stores.inEngine(record.id())).isEmpty();
        }
    }

    private TokenRecord token(long expiresInSeconds, boolean revoked) {
        Instant expiresAt = now.plusSeconds(expiresInSeconds);
        Instant issuedAt = expiresAt.minus(Duration.ofDays(1));
        return random.record().toBuilder().issuedAt(issuedAt).expiresAt(expiresAt)
                .revokedAt(revoked ? issuedAt : null).version(0).build();
    }

    private static Set<String> ids(List<TokenRecord> records) {
        return records.stream().map(TokenRecord::id).collect(Collectors.toSet());
    }
}
