package dev.tandem.orchestrator.api;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.phase.ReadFlag;
import dev.tandem.orchestrator.testing.FreshStackResource;
import dev.tandem.testing.RandomTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.tandem.orchestrator.api.StoreApi.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: a token revoked in legacy before the engine ever held it (revoked in LEGACY_ONLY, or by
 * the old server behind Tandem's back), then upserted in DUAL_WRITE as if it were usable. Revocation
 * is terminal: the answer says revoked, and the engine, which had no row, gets the stored (revoked)
 * record, never the active one that was sent. Checked right after the answer, with no repair in
 * between (this application runs no checker).
 */
@QuarkusTest
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class RevokedLegacyTokenInDualWriteIT {
    private static final String[] LEGACY_TABLES = {"hydra_oauth2_access", "hydra_oauth2_refresh", "hydra_oauth2_code"};

    @Inject
    ControlPlane control;

    @Inject
    MeteredStores stores;

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void aTokenRevokedThroughTheApiInLegacyOnlyIsNeverActiveInTheEngineAfterAnUpsertInDualWrite() {
        Control.set(control, MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO);
        TokenRecord token = usableToken();
        put(token);
        store().post("/v1/tokens/{id}/revoke", token.id()).then().statusCode(200);
        assertOnlyLegacyHoldsItRevoked(token);

        upsertInDualWriteAndAssertRevokedEverywhere(token);
    }

    @Test
    void aTokenTheOldServerRevokedInLegacyIsNeverActiveInTheEngineAfterAnUpsertInDualWrite() {
        Control.set(control, MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO);
        TokenRecord token = usableToken();
        put(token);
        // The old server revokes with active = 0 and knows nothing of Tandem's version.
        revokeAsTheOldServer(token.id());
        assertOnlyLegacyHoldsItRevoked(token);

        upsertInDualWriteAndAssertRevokedEverywhere(token);
    }

    /**
     * The backfill's race with a family revocation: a member of the chain is in legacy only (not
     * copied yet) when the family is revoked in DUAL_WRITE, and the backfill then writes the copy it
     * read before the revocation. The engine's own revocation could not reach a row it did not hold;
     * the mirror must carry the member there revoked, so that the stale copy merges into it.
     */
    @Test
    void aFamilyMemberNotYetCopiedStaysRevokedInTheEngineWhenTheBackfillCopiesItAfterTheFamilyRevocation() {
        Control.set(control, MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO);
        String family = "grant-" + random.id().substring(0, 20);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenRecord member = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).familyId(family)
                .issuedAt(now.minusSeconds(5)).expiresAt(now.plusSeconds(3600)).build();
        put(member);
        TokenRecord readByTheBackfill = member.withVersion(StoreRows.legacy(member.id()).orElseThrow().version());
        assertOnlyLegacyHoldsIt(member, true);

        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        store().post("/v1/families/{family}/revoke", family).then().statusCode(200);
        stores.of(Store.ENGINE).upsert(readByTheBackfill).await().atMost(Duration.ofSeconds(10));

        assertThat(StoreRows.legacy(member.id()).map(StoreRows.Row::active)).as("revoked in legacy").contains(false);
        assertThat(StoreRows.engine(member.id()).map(StoreRows.Row::active))
                .as("the engine's row after the backfill's stale copy").contains(false);
    }

    private void upsertInDualWriteAndAssertRevokedEverywhere(TokenRecord token) {
        Control.set(control, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO);
        long legacyVersionBefore = StoreRows.legacy(token.id()).orElseThrow().version();

        JsonPath answer = put(token);

        assertThat(answer.getString("revokedAt")).as("the answer to the upsert reports the token revoked").isNotNull();
        StoreRows.Row engine = StoreRows.engine(token.id()).orElseThrow(() -> new AssertionError(
                "the upsert in DUAL_WRITE was not mirrored to the engine"));
        assertThat(engine.active()).as("the engine's row right after the answer").isFalse();
        assertThat(engine.deleted()).isFalse();
        StoreRows.Row legacy = StoreRows.legacy(token.id()).orElseThrow();
        assertThat(legacy.active()).as("legacy's row").isFalse();
        assertThat(legacy.version()).as("legacy took the upsert").isGreaterThan(legacyVersionBefore);
        assertThat(engine.version()).as("the engine holds the record legacy stored").isEqualTo(legacy.version())
                .isEqualTo(answer.getLong("version"));
        for (ReadFlag flag : ReadFlag.values()) {
            Control.flag(control, flag);
            store().get("/v1/tokens/{id}", token.id()).then().statusCode(200)
                    .body("revokedAt", org.hamcrest.Matchers.notNullValue());
        }
        Control.flag(control, ReadFlag.AUTO);
    }

    private static void assertOnlyLegacyHoldsItRevoked(TokenRecord token) {
        assertOnlyLegacyHoldsIt(token, false);
    }

    private static void assertOnlyLegacyHoldsIt(TokenRecord token, boolean active) {
        assertThat(StoreRows.legacy(token.id()).map(StoreRows.Row::active)).as(active ? "usable in legacy" : "revoked in legacy")
                .contains(active);
        assertThat(StoreRows.engine(token.id())).as("never written to the engine").isEmpty();
    }

    private TokenRecord usableToken() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return TokenBodies.token(random).toBuilder().issuedAt(now.minusSeconds(5)).expiresAt(now.plusSeconds(3600)).build();
    }

    private static JsonPath put(TokenRecord token) {
        return store().contentType(ContentType.JSON).body(TokenBodies.of(token)).put("/v1/tokens/{id}", token.id())
                .then().statusCode(200).extract().jsonPath();
    }

    private static void revokeAsTheOldServer(String id) {
        try (Connection connection = StoreRows.legacyConnection()) {
            int updated = 0;
            for (String table : LEGACY_TABLES) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET active = 0 WHERE signature = ?")) {
                    update.setString(1, id);
                    updated += update.executeUpdate();
                }
            }
            assertThat(updated).as("legacy rows of %s revoked", id).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke the legacy row", e);
        }
    }
}
