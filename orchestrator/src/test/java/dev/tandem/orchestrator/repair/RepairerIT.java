package dev.tandem.orchestrator.repair;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.orchestrator.stores.FreshStores;
import dev.tandem.testing.RandomTokens;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private final Repairer repairer = new Repairer(new HybridLogicalClock(7));
    private FreshStores stores;

    @BeforeAll
    void createStores() throws Exception {
        stores = FreshStores.create(4);
    }

    @AfterAll
    void closeStores() {
        stores.close();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    private TokenRecord usable() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return random.record(TokenKind.REFRESH_TOKEN).toBuilder()
                .issuedAt(now.minusSeconds(60)).expiresAt(now.plusSeconds(3_600)).revokedAt(null).version(1_000 + random.nextInt(1_000))
                .build();
    }

    private TokenRecord find(TokenStore store, String id) {
        return await(store.find(id)).orElse(null);
    }

    private RepairResult repair(String id) {
        return await(repairer.repair(id, stores.legacy, stores.engine));
    }

    /** As the old server or an operator would: straight SQL, no version bump. */
    private void legacySql(String sql, String id) throws Exception {
        try (Connection connection = stores.legacyEndpoint.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void anOutOfBandScopeChangeInTheLegacyPrimaryReachesTheEngine() throws Exception {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        legacySql("UPDATE " + LegacyTable.REFRESH.tableName() + " SET granted_scope = 'admin openid' WHERE signature = ?", token.id());

        RepairResult result = repair(token.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(result.detail()).contains("re-stamped legacy's record");
        TokenRecord legacy = find(stores.legacy, token.id());
        TokenRecord engine = find(stores.engine, token.id());
        assertThat(engine.scopes()).containsExactly("admin", "openid");
        assertThat(engine).isEqualTo(legacy);
        assertThat(engine.version()).as("a fresh version of the repairing instance's clock, not version + 1")
                .isGreaterThan(token.version() + 1);
        assertThat(HybridLogicalClock.nodeIdOf(engine.version())).isEqualTo(7);
    }

    @Test
    void anOutOfBandRevocationInLegacyRevokesTheEngineCopy() throws Exception {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        legacySql("UPDATE " + LegacyTable.REFRESH.tableName() + " SET active = 0 WHERE signature = ?", token.id());

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id()).isRevoked()).isTrue();
        assertThat(find(stores.legacy, token.id()).isRevoked()).isTrue();
    }

    @Test
    void aRevocationHeldOnlyByTheSecondaryIsCarriedToThePrimaryNeverUndone() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        await(stores.engine.revoke(token.id(), Instant.now()));

        RepairResult result = repair(token.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id()).isRevoked()).as("still revoked in the engine").isTrue();
        assertThat(find(stores.legacy, token.id()).isRevoked()).as("now revoked in legacy too").isTrue();
    }

    @Test
    void aWriteWhoseMirrorWasLostIsCopied() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id())).isEqualTo(token);
    }

    @Test
    void aTokenAbsentFromOneStoreIsCopiedThereNeverDeletedFromTheOther() throws Exception {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        legacySql("DELETE FROM " + LegacyTable.REFRESH.tableName() + " WHERE signature = ?", token.id());

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id())).as("absent means not written there yet as often as deleted").isEqualTo(token);
        assertThat(find(stores.legacy, token.id())).isEqualTo(token);
    }

    @Test
    void aNewerVersionInEitherStoreReachesTheOther() {
        TokenRecord token = usable();
        TokenRecord newer = token.toBuilder().scopes(Set.of("email")).version(token.version() + 10).build();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(newer));

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id())).isEqualTo(newer);
        assertThat(find(stores.legacy, token.id())).isEqualTo(newer);
    }

    @Test
    void aTombstoneInOneStoreDeletesTheOlderLiveCopyInTheOther() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        TokenRecord tombstone = await(stores.engine.delete(token.id(), token.version() + 10)).orElseThrow();

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(await(stores.legacy.find(token.id()))).as("a read of legacy").isEmpty();
        assertThat(await(stores.legacy.lookup(token.id()))).contains(tombstone);
    }

    @Test
    void aLiveWriteNewerThanATombstoneWins() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token.tombstone(token.version())));
        TokenRecord newer = token.withVersion(token.version() + 10);
        await(stores.engine.upsert(newer));

        assertThat(repair(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.legacy, token.id())).isEqualTo(newer);
    }

    @Test
    void equalStoresAreLeftAsTheyAre() {
        TokenRecord token = usable().toBuilder().revokedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        assertThat(repair(token.id()).outcome()).as("revocation times compare coarsely").isEqualTo(RepairOutcome.ALREADY_EQUAL);
    }

    @Test
    void anUnreachableStoreIsAFailureWithItsReasonNotAnException() {
        TokenRecord token = usable();
        await(stores.engine.upsert(token));
        RepairResult result = await(repairer.repair(token.id(), stores.unreachableLegacy(), stores.engine));
        assertThat(result.outcome()).isEqualTo(RepairOutcome.FAILED);
        assertThat(result.detail()).contains("legacy");
        assertThat(find(stores.engine, token.id())).as("nothing written on a failed read").isEqualTo(token);
    }
}
