package dev.tandem.model;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenRecord#mergedWith} is what lets two stores that see the same writes in different
 * orders converge: it must be a join (commutative, associative, idempotent) and keep revocation.
 */
class MergeTest {
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private TokenRecord write(long version, boolean revoked) {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        return TokenRecordTest.valid()
                .clientId("client-" + random.nextInt(3))
                .scopes(random.nextBoolean() ? List.of("openid") : List.of("email", "profile"))
                .revokedAt(revoked ? issued.plusSeconds(1 + random.nextInt(100)) : null)
                // Deletes are writes too: a tombstone carries a version like any other.
                .deleted(random.nextInt(4) == 0)
                .version(version).build();
    }

    private List<TokenRecord> randomWrites() {
        List<TokenRecord> writes = new ArrayList<>();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            // Small version range on purpose: equal versions must converge too.
            writes.add(write(random.nextInt(5), random.nextInt(4) == 0));
        }
        return writes;
    }

    private static TokenRecord fold(List<TokenRecord> writes) {
        TokenRecord state = writes.get(0);
        for (TokenRecord w : writes.subList(1, writes.size())) {
            state = state.mergedWith(w);
        }
        return state;
    }

    /** One to six writes of distinct versions in random order, a quarter of them revoking when {@code mayRevoke}. */
    private List<TokenRecord> writesOfUniqueVersions(boolean mayRevoke) {
        List<TokenRecord> writes = new ArrayList<>();
        List<Long> versions = new ArrayList<>(List.of(1L, 2L, 3L, 4L, 5L, 6L));
        Collections.shuffle(versions, random);
        for (long v : versions.subList(0, 1 + random.nextInt(6))) {
            writes.add(write(v, mayRevoke && random.nextInt(4) == 0));
        }
        return writes;
    }

    @RepeatedTest(200)
    void anyOrderOfTheSameWritesEndsInTheSameRecordWhenVersionsAreUnique() {
        List<TokenRecord> writes = writesOfUniqueVersions(true);
        TokenRecord expected = fold(writes);
        for (int i = 0; i < 5; i++) {
            List<TokenRecord> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, random);
            assertThat(fold(shuffled)).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @RepeatedTest(100)
    void revokedIfAnyWriteRevokedAndAtTheEarliestTime() {
        List<TokenRecord> writes = randomWrites();
        TokenRecord merged = fold(writes);
        Instant earliest = writes.stream().map(TokenRecord::revokedAt).filter(r -> r != null).min(Instant::compareTo).orElse(null);
        assertThat(merged.revokedAt()).as("seed %d", seed).isEqualTo(earliest);
        assertThat(merged.version()).isEqualTo(writes.stream().mapToLong(TokenRecord::version).max().orElseThrow());
    }

    @Test
    void aStoreThatHoldsNothingTakesTheOthersRecord() {
        TokenRecord held = write(2, true);
        assertThat(TokenRecord.merge(held, null)).isEqualTo(held);
        assertThat(TokenRecord.merge(null, held)).isEqualTo(held);
        assertThat(TokenRecord.merge(null, null)).isNull();
        TokenRecord newer = write(3, false);
        assertThat(TokenRecord.merge(held, newer)).isEqualTo(held.mergedWith(newer));
    }

    @Test
    void mergingAWriteTwiceChangesNothing() {
        TokenRecord a = write(3, false);
        TokenRecord b = write(5, true);
        assertThat(a.mergedWith(b).mergedWith(b)).isEqualTo(a.mergedWith(b));
        assertThat(b.mergedWith(b)).isEqualTo(b);
    }

    @Test
    void newerFieldsWinButRevocationSurvivesThem() {
        TokenRecord revokedOld = write(1, true);
        TokenRecord activeNew = write(2, false).toBuilder().clientId("newest").build();
        TokenRecord merged = revokedOld.mergedWith(activeNew);
        assertThat(merged.clientId()).isEqualTo("newest");
        assertThat(merged.isRevoked()).isTrue();
        assertThat(merged.version()).isEqualTo(2);
    }

    @RepeatedTest(100)
    void deletedExactlyWhenTheNewestWriteIsADelete() {
        List<TokenRecord> writes = writesOfUniqueVersions(false);
        TokenRecord newest = writes.stream().max(java.util.Comparator.comparingLong(TokenRecord::version)).orElseThrow();
        assertThat(fold(writes).deleted()).as("seed %d", seed).isEqualTo(newest.deleted());
    }

    @Test
    void aStaleWriteAfterADeleteLeavesItDeletedAndARevokedTokenStaysRevokedThroughIt() {
        TokenRecord revoked = write(1, true).toBuilder().deleted(false).build();
        TokenRecord tombstone = revoked.tombstone(2);
        TokenRecord stale = write(1, false).toBuilder().deleted(false).build();
        assertThat(tombstone.mergedWith(stale).deleted()).isTrue();
        assertThat(stale.mergedWith(tombstone).deleted()).isTrue();
        TokenRecord recreated = write(3, false).toBuilder().deleted(false).build();
        assertThat(revoked.mergedWith(tombstone).mergedWith(recreated).isRevoked()).isTrue();
        assertThat(tombstone.isActiveAt(Instant.parse("2026-01-01T00:00:01Z"))).isFalse();
    }
}
