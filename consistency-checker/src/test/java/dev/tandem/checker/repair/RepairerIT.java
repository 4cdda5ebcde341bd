package dev.tandem.checker.repair;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
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
    private final Repairer repairer = new Repairer();
    private FreshStores stores;

    @BeforeAll
    void createStores() throws Exception {
        stores = new FreshStores();
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

    private RepairResult repairLegacyToEngine(String id) {
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

        RepairResult result = repairLegacyToEngine(token.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(result.detail()).contains("re-stamped at version " + (token.version() + 1));
        TokenRecord legacy = find(stores.legacy, token.id());
        TokenRecord engine = find(stores.engine, token.id());
        assertThat(engine.scopes()).containsExactly("admin", "openid");
        assertThat(engine).isEqualTo(legacy);
        assertThat(engine.version()).isEqualTo(token.version() + 1);
    }

    @Test
    void anOutOfBandRevocationInLegacyRevokesTheEngineCopy() throws Exception {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        legacySql("UPDATE " + LegacyTable.REFRESH.tableName() + " SET active = 0 WHERE signature = ?", token.id());

        assertThat(repairLegacyToEngine(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id()).isRevoked()).isTrue();
        assertThat(find(stores.legacy, token.id()).isRevoked()).isTrue();
    }

    @Test
    void aRevocationHeldOnlyByTheSecondaryIsCarriedToThePrimaryNeverUndone() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        await(stores.engine.revoke(token.id(), Instant.now()));

        RepairResult result = repairLegacyToEngine(token.id());

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id()).isRevoked()).as("still revoked in the engine").isTrue();
        assertThat(find(stores.legacy, token.id()).isRevoked()).as("now revoked in legacy too").isTrue();
    }

    @Test
    void aWriteWhoseMirrorWasLostIsCopied() {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));

        assertThat(repairLegacyToEngine(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.engine, token.id())).isEqualTo(token);
    }

    @Test
    void aTokenTheCleanupJobDeletedFromThePrimaryIsDeletedFromTheSecondary() throws Exception {
        TokenRecord token = usable();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        legacySql("DELETE FROM " + LegacyTable.REFRESH.tableName() + " WHERE signature = ?", token.id());

        assertThat(repairLegacyToEngine(token.id()).outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(await(stores.engine.find(token.id()))).isEqualTo(Optional.empty());
    }

    @Test
    void aNewerVersionInTheSecondaryIsLeftAlone() {
        TokenRecord token = usable();
        TokenRecord newer = token.toBuilder().scopes(Set.of("email")).version(token.version() + 10).build();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(newer));

        assertThat(repairLegacyToEngine(token.id()).outcome()).isEqualTo(RepairOutcome.SKIPPED_NEWER_IN_SECONDARY);
        assertThat(find(stores.engine, token.id())).isEqualTo(newer);
        assertThat(find(stores.legacy, token.id())).isEqualTo(token);
    }

    @Test
    void equalStoresAreLeftAsTheyAre() {
        TokenRecord token = usable().toBuilder().revokedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(token));
        assertThat(repairLegacyToEngine(token.id()).outcome()).as("revocation times compare coarsely").isEqualTo(RepairOutcome.ALREADY_EQUAL);
    }

    @Test
    void withTheEngineAsPrimaryItsStateIsAppliedToLegacy() {
        TokenRecord token = usable();
        TokenRecord engineWrite = token.toBuilder().subject("user-moved").version(token.version() + 5).build();
        await(stores.legacy.upsert(token));
        await(stores.engine.upsert(engineWrite));

        RepairResult result = await(repairer.repair(token.id(), stores.engine, stores.legacy));

        assertThat(result.outcome()).isEqualTo(RepairOutcome.REPAIRED);
        assertThat(find(stores.legacy, token.id())).isEqualTo(engineWrite);
    }

    @Test
    void anUnreachableStoreIsAFailureWithItsReasonNotAnException() {
        TokenRecord token = usable();
        await(stores.engine.upsert(token));
        RepairResult result = await(repairer.repair(token.id(), stores.unreachableLegacy(), stores.engine));
        assertThat(result.outcome()).isEqualTo(RepairOutcome.FAILED);
        assertThat(result.detail()).contains("legacy");
        assertThat(find(stores.engine, token.id())).as("nothing deleted on a failed read").isEqualTo(token);
    }
}
