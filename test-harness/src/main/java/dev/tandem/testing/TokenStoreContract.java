package dev.tandem.testing;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.UpsertResult;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link TokenStore} must show, run against each adapter on its real server.
 * An adapter's IT extends this class and returns a store on a fresh, empty database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TokenStoreContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    protected TokenStore store;
    protected final RandomTokens random = new RandomTokens(System.nanoTime());

    /** A store over a fresh database holding the store's schema and nothing else. Called once per class. */
    protected abstract TokenStore createStore();

    /** Valid canonical records that this store cannot hold, each to be rejected with a clear message. */
    protected List<TokenRecord> recordsThisStoreCannotHold() {
        return List.of();
    }

    @BeforeAll
    void createStoreOnce() {
        store = createStore();
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    private TokenRecord stored(String id) {
        return await(store.find(id)).orElseThrow(() -> new AssertionError("store holds no record " + id));
    }

    private void assertHolds(TokenRecord expected) {
        assertThat(TokenComparison.differences(expected, stored(expected.id()), store.approximatedFields()))
                .as("differences between the written and the stored record (seed %d)", random.seed())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TokenKind.class)
    void roundTripKeepsEveryFieldOfEveryKind(TokenKind kind) {
        for (int i = 0; i < 20; i++) {
            TokenRecord record = random.record(kind);
            UpsertResult result = await(store.upsert(record));
            assertThat(result.applied()).isTrue();
            assertThat(TokenComparison.differences(record, result.stored(), store.approximatedFields())).isEmpty();
            assertHolds(record);
        }
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(await(store.find(random.id()))).isEmpty();
    }

    @Test
    void newerVersionReplacesOlder() {
        TokenRecord first = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).version(100).build();
        await(store.upsert(first));
        TokenRecord second = first.toBuilder().scopes(Set.of("profile", "write:tokens")).subject("someone-else").version(200).build();

        UpsertResult result = await(store.upsert(second));

        assertThat(result.applied()).isTrue();
        assertHolds(second);
    }

    @Test
    void olderVersionNeverOverwritesNewer() {
        TokenRecord newer = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(200).build();
        await(store.upsert(newer));
        TokenRecord older = newer.toBuilder().clientId("stale-client").scopes(Set.of("admin")).version(100).build();

        UpsertResult result = await(store.upsert(older));

        assertThat(result.applied()).isFalse();
        assertThat(result.stored().clientId()).isEqualTo(newer.clientId());
        assertHolds(newer);
    }

    @Test
    void replayingTheSameVersionChangesNothing() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).build();
        await(store.upsert(record));

        UpsertResult replay = await(store.upsert(record));

        assertThat(replay.applied()).isFalse();
        assertHolds(record);
    }

    @Test
    void revokedTokenStaysRevokedWhateverVersionComesLater() {
        TokenRecord record = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).version(100).build();
        await(store.upsert(record));
        Instant revokedAt = record.issuedAt().plusSeconds(5);
        Optional<TokenRecord> revoked = await(store.revoke(record.id(), revokedAt));
        assertThat(revoked).hasValueSatisfying(r -> assertThat(r.isRevoked()).isTrue());

        TokenRecord reactivation = record.toBuilder().revokedAt(null).scopes(Set.of("openid")).version(900).build();
        UpsertResult result = await(store.upsert(reactivation));

        assertThat(result.stored().isRevoked()).as("a newer write must not make a revoked token usable").isTrue();
        assertThat(stored(record.id()).isRevoked()).isTrue();
        assertThat(stored(record.id()).scopes()).as("the newer write's other fields still apply").containsExactly("openid");
        assertThat(stored(record.id()).version()).isEqualTo(900);
    }

    @Test
    void revocationKeepsTheVersionAndTheEarliestTime() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(700).build();
        await(store.upsert(record));
        Instant first = record.issuedAt().plusSeconds(30);

        await(store.revoke(record.id(), first));
        await(store.revoke(record.id(), first.plusSeconds(60)));

        TokenRecord stored = stored(record.id());
        assertThat(stored.version()).as("a revocation never moves the version").isEqualTo(700);
        assertThat(stored.isRevoked()).isTrue();
        if (!store.approximatedFields().contains(TokenField.REVOKED_AT)) {
            assertThat(stored.revokedAt()).as("revoking again keeps the earlier time").isEqualTo(first);
        }
        UpsertResult between = await(store.upsert(record.toBuilder().clientId("in-between").version(701).build()));
        assertThat(between.applied()).as("a write newer than the stored version still applies after a revocation").isTrue();
        assertThat(stored(record.id()).clientId()).isEqualTo("in-between");
    }

    @Test
    void olderRevocationStillRevokes() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(500).build();
        await(store.upsert(record));
        TokenRecord olderRevoked = record.toBuilder().revokedAt(record.issuedAt().plusSeconds(1)).clientId("old").version(400).build();

        UpsertResult result = await(store.upsert(olderRevoked));

        assertThat(result.applied()).as("a revocation always sticks, whatever its version").isTrue();
        TokenRecord stored = stored(record.id());
        assertThat(stored.isRevoked()).isTrue();
        assertThat(stored.clientId()).as("fields still come from the newer version").isEqualTo(record.clientId());
        assertThat(stored.version()).isEqualTo(500);
    }

    @Test
    void consumingACodeSucceedsOnceAndKeepsItsVersion() {
        TokenRecord code = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().revokedAt(null).version(300).build();
        await(store.upsert(code));
        Instant at = code.issuedAt().plusSeconds(2);

        Optional<TokenRecord> consumed = await(store.consume(code.id(), at));
        assertThat(consumed).hasValueSatisfying(record -> {
            assertThat(record.isRevoked()).as("a consumed code is used up").isTrue();
            assertThat(record.version()).isEqualTo(300);
        });
        assertThat(await(store.consume(code.id(), at.plusSeconds(1)))).as("a second consume").isEmpty();
        assertThat(stored(code.id()).isRevoked()).isTrue();
    }

    @Test
    void consumingARevokedDeletedOrUnknownTokenAnswersEmpty() {
        TokenRecord revoked = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder()
                .revokedAt(Instant.parse("2025-01-01T00:00:00Z")).issuedAt(Instant.parse("2024-12-31T00:00:00Z"))
                .expiresAt(Instant.parse("2025-01-02T00:00:00Z")).build();
        await(store.upsert(revoked));
        TokenRecord deleted = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().revokedAt(null).version(10).build();
        await(store.upsert(deleted));
        await(store.delete(deleted.id(), 20));

        assertThat(await(store.consume(revoked.id(), Instant.now()))).isEmpty();
        assertThat(await(store.consume(deleted.id(), Instant.now()))).isEmpty();
        assertThat(await(store.lookup(deleted.id()))).hasValueSatisfying(record -> assertThat(record.deleted()).isTrue());
        assertThat(await(store.consume(random.id(), Instant.now()))).isEmpty();
    }

    /** The atomic consume of a code redemption: of many concurrent consumes of one code, exactly one is answered. */
    @Test
    void concurrentConsumesOfOneCodeHaveExactlyOneWinner() {
        for (int round = 0; round < 5; round++) {
            TokenRecord code = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().revokedAt(null).build();
            await(store.upsert(code));
            List<Uni<Optional<TokenRecord>>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racers.add(store.consume(code.id(), code.issuedAt().plusSeconds(1)));
            }
            List<?> answers = await(Uni.join().all(racers).andFailFast());
            assertThat(answers.stream().filter(answer -> ((Optional<?>) answer).isPresent()).count())
                    .as("winners among 8 concurrent consumes (round %d)", round).isEqualTo(1);
        }
    }

    @Test
    void revokingAnUnknownIdAnswersEmptyAndWritesNothing() {
        String id = random.id();
        assertThat(await(store.revoke(id, Instant.parse("2025-01-01T00:00:00Z")))).isEmpty();
        assertThat(await(store.find(id))).isEmpty();
    }

    @Test
    void familyRevocationRevokesTheWholeChainAndNothingElse() {
        String family = "grant-" + random.id().substring(0, 20);
        List<TokenRecord> chain = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TokenRecord token = random.record(i == 3 ? TokenKind.ACCESS_TOKEN : TokenKind.REFRESH_TOKEN).toBuilder()
                    .familyId(family).revokedAt(null).version(10).build();
            chain.add(token);
            await(store.upsert(token));
        }
        TokenRecord alreadyRevoked = random.record(TokenKind.REFRESH_TOKEN).toBuilder()
                .familyId(family).revokedAt(Instant.parse("2024-01-01T00:00:00Z")).issuedAt(Instant.parse("2023-12-31T00:00:00Z"))
                .expiresAt(Instant.parse("2024-02-01T00:00:00Z")).version(10).build();
        await(store.upsert(alreadyRevoked));
        TokenRecord bystander = random.record(TokenKind.REFRESH_TOKEN).toBuilder().familyId("other-" + family.substring(6)).revokedAt(null).build();
        await(store.upsert(bystander));

        int revoked = await(store.revokeFamily(family, Instant.parse("2026-06-01T00:00:00Z")));

        assertThat(revoked).as("tokens of the family that were usable before").isEqualTo(chain.size());
        for (TokenRecord token : chain) {
            assertThat(stored(token.id()).isRevoked()).isTrue();
        }
        assertThat(stored(alreadyRevoked.id()).isRevoked()).isTrue();
        assertThat(stored(bystander.id()).isRevoked()).as("a token of another family").isFalse();

        List<TokenRecord> members = await(store.family(family));
        assertThat(members).extracting(TokenRecord::id).as("every member, in id order, and no other token")
                .containsExactlyElementsOf(java.util.stream.Stream.concat(chain.stream(), java.util.stream.Stream.of(alreadyRevoked))
                        .map(TokenRecord::id).sorted().toList());
        assertThat(members).allSatisfy(member -> assertThat(member.isRevoked()).isTrue());
        assertThat(await(store.family("no-such-" + family))).isEmpty();
    }

    @Test
    void deleteLeavesATombstoneUnlessTheStoreHoldsANewerVersion() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().version(300).build();
        await(store.upsert(record));

        TokenRecord lostTo = await(store.delete(record.id(), 200)).orElseThrow();
        assertThat(lostTo.deleted()).as("a delete older than the stored write").isFalse();
        assertThat(lostTo.version()).isEqualTo(300);
        assertThat(await(store.find(record.id()))).isPresent();

        TokenRecord tombstone = await(store.delete(record.id(), 400)).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.version()).isEqualTo(400);
        assertThat(await(store.find(record.id()))).as("no read serves a tombstone").isEmpty();
        assertThat(await(store.lookup(record.id()))).contains(tombstone);
        assertThat(await(store.delete(record.id(), 400))).as("a replay of the delete").contains(tombstone);
        assertThat(await(store.delete(record.id(), 450))).as("deleting what is deleted").contains(tombstone);
        assertThat(await(store.delete(random.id(), 500))).as("deleting what the store never held").isEmpty();
    }

    @Test
    void aStaleWriteAfterADeleteMergesIntoTheTombstone() {
        TokenRecord record = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).version(300).build();
        await(store.upsert(record));
        await(store.delete(record.id(), 400));

        UpsertResult stale = await(store.upsert(record.toBuilder().version(350).build()));

        assertThat(stale.applied()).as("a mirror write, backfill chunk or repair copy older than the delete").isFalse();
        assertThat(stale.stored().deleted()).isTrue();
        assertThat(await(store.find(record.id()))).isEmpty();
    }

    @Test
    void aRevokedTokenStaysRevokedThroughItsDeleteAndANewerWrite() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(300).build();
        await(store.upsert(record));
        await(store.revoke(record.id(), record.issuedAt().plusSeconds(5)));
        await(store.delete(record.id(), 400));

        await(store.upsert(record.toBuilder().version(500).build()));

        TokenRecord back = stored(record.id());
        assertThat(back.deleted()).as("a newer write wins over the tombstone: last writer wins").isFalse();
        assertThat(back.isRevoked()).as("but revocation is terminal").isTrue();
    }

    @Test
    void aTombstoneIsUpsertedIntoAStoreThatNeverHeldTheToken() {
        TokenRecord tombstone = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().version(700).deleted(true).build();

        UpsertResult result = await(store.upsert(tombstone));

        assertThat(result.applied()).isTrue();
        assertThat(result.stored().deleted()).isTrue();
        assertThat(await(store.find(tombstone.id()))).isEmpty();
        assertThat(await(store.upsert(tombstone.toBuilder().deleted(false).version(600).build())).stored().deleted())
                .as("the write the tombstone deleted, arriving late").isTrue();
    }

    @Test
    void thePurgeRemovesTombstonesOfExpiredTokensOnly() {
        Instant now = Instant.now();
        TokenRecord expired = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                .issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).version(10).deleted(true).build();
        TokenRecord live = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(3600)).version(10).deleted(true).build();
        TokenRecord expiredButNotDeleted = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                .issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).version(10).build();
        List.of(expired, live, expiredButNotDeleted).forEach(record -> await(store.upsert(record)));

        int purged = await(store.purgeTombstones(now.minusSeconds(60), 1_000));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(await(store.lookup(expired.id()))).as("an expired token's tombstone").isEmpty();
        assertThat(await(store.lookup(live.id()))).as("an unexpired token's tombstone").isPresent();
        assertThat(await(store.lookup(expiredButNotDeleted.id()))).as("an expired token that was not deleted").isPresent();
    }

    @Test
    void aTokenNeverChangesItsKind() {
        TokenRecord access = random.record(TokenKind.ACCESS_TOKEN).toBuilder().version(10).build();
        await(store.upsert(access));
        TokenRecord asCode = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().id(access.id()).version(20).build();

        UpsertResult result = await(store.upsert(asCode));

        assertThat(result.applied()).isFalse();
        assertThat(stored(access.id()).kind()).isEqualTo(TokenKind.ACCESS_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 50})
    void chunkedScanSeesEveryRowOnceInIdOrder(int chunkSize) {
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 61; i++) {
            TokenRecord record = random.record();
            await(store.upsert(record));
            written.add(record.id());
        }

        List<String> scanned = new ArrayList<>();
        List<List<TokenRecord>> chunks = store.scanChunks(chunkSize).collect().asList().await().atMost(TIMEOUT);
        for (List<TokenRecord> chunk : chunks) {
            assertThat(chunk).hasSizeBetween(1, chunkSize);
            chunk.forEach(r -> scanned.add(r.id()));
        }

        assertThat(scanned).as("ids strictly increasing: every row once, in order").isSorted().doesNotHaveDuplicates();
        assertThat(scanned).containsAll(written);
    }

    @Test
    void scanAfterTheLastIdIsEmpty() {
        await(store.upsert(random.record()));
        assertThat(await(store.scan("f".repeat(64), 10))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
            "g000000000000000000000000000000000000000000000000000000000000000", "raw-refresh-token-value"})
    void malformedIdsAreRejectedWithAClearMessage(String badId) {
        assertThatThrownBy(() -> await(store.find(badId)))
                .isInstanceOf(InvalidTokenRecordException.class)
                .hasMessageContaining("64 lowercase hex characters");
        assertThatThrownBy(() -> await(store.revoke(badId, Instant.now())))
                .isInstanceOf(InvalidTokenRecordException.class);
        assertThatThrownBy(() -> await(store.delete(badId, 1)))
                .isInstanceOf(InvalidTokenRecordException.class);
        if (!badId.isEmpty()) {
            assertThatThrownBy(() -> await(store.find(badId))).hasMessageNotContaining(badId);
        }
    }

    @Test
    void recordsTheStoreCannotHoldAreRejectedAndNothingIsWritten() {
        for (TokenRecord record : recordsThisStoreCannotHold()) {
            assertThatThrownBy(() -> await(store.upsert(record)))
                    .as("upsert of %s", record)
                    .isInstanceOf(InvalidTokenRecordException.class);
            assertThat(await(store.find(record.id()))).as("nothing written for a rejected record").isEmpty();
        }
    }

    @Test
    void scopesComeBackAsASortedSet() {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder()
                .scopes(new TreeSet<>(List.of("write:tokens", "email", "openid", "admin"))).build();
        await(store.upsert(record));
        assertThat(stored(record.id()).scopes()).containsExactly("admin", "email", "openid", "write:tokens");
    }

    /** Fields the adapter declares it cannot hold exactly; asserted so that a new approximation is a deliberate change. */
    protected abstract Set<TokenField> expectedApproximatedFields();

    @Test
    void declaresWhatItCannotHoldExactly() {
        assertThat(store.approximatedFields()).isEqualTo(expectedApproximatedFields());
    }
}
