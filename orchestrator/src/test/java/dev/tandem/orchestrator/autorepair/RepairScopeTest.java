package dev.tandem.orchestrator.autorepair;

import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RepairScopeTest {
    private static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");
    private final RandomTokens random = new RandomTokens(7);

    private TokenRecord token(long version, Instant expiresAt) {
        return random.record().toBuilder().issuedAt(NOW.minusSeconds(600)).expiresAt(expiresAt).revokedAt(null)
                .version(version).build();
    }

    private static Divergence missingInEngine(TokenRecord legacy) {
        return new Divergence(legacy.id(), VerdictKind.MISSING_IN_ENGINE, Severity.CRITICAL, List.of(), legacy, null, NOW, NOW);
    }

    private static BackfillStatus backfill(BackfillState state, String lastId) {
        return backfill(state, lastId, null);
    }

    private static BackfillStatus backfill(BackfillState state, String lastId, Instant finishedAt) {
        return new BackfillStatus(state, 0, 0, 0, 0, 0, 0, 0, 0, null, null, lastId, 0, null, null, null, null, null,
                null, finishedAt, null);
    }

    @Test
    void tokensExpiredEverywhereAreLeftAlone() {
        TokenRecord expired = token(5, NOW.minusSeconds(1));

        assertThat(RepairScope.reasonToLeave(missingInEngine(expired), MigrationPhase.DUAL_WRITE, BackfillStatus.never(), NOW))
                .contains("expired in every store that holds it");
    }

    @Test
    void oldLegacyRowsAreTheBackfillsUnlessItWasDoneBeforeTheirDivergenceSettled() {
        TokenRecord old = token(0, NOW.plusSeconds(3600));
        Divergence divergence = missingInEngine(old);
        String before = "0".repeat(64);
        String after = "f".repeat(64);

        assertThat(RepairScope.reasonToLeave(divergence, MigrationPhase.DUAL_WRITE, BackfillStatus.never(), NOW))
                .contains("an old legacy row the backfill has not reached yet");
        assertThat(RepairScope.reasonToLeave(divergence, MigrationPhase.DUAL_WRITE, backfill(BackfillState.RUNNING, before), NOW))
                .contains("an old legacy row the backfill has not reached yet");
        assertThat(RepairScope.reasonToLeave(divergence, MigrationPhase.DUAL_WRITE, backfill(BackfillState.RUNNING, after), NOW))
                .contains("an old legacy row the backfill has copied since the checker saw it missing");
        assertThat(RepairScope.reasonToLeave(divergence, MigrationPhase.DUAL_WRITE,
                backfill(BackfillState.DONE, after, NOW.plusSeconds(5)), NOW)).isPresent();
        // Done before the checker saw the row missing: the backfill will not bring it, a repair must.
        assertThat(RepairScope.reasonToLeave(divergence, MigrationPhase.DUAL_WRITE,
                backfill(BackfillState.DONE, after, NOW.minusSeconds(5)), NOW)).isEmpty();
    }

    @Test
    void writesThroughTandemAreAlwaysRepaired() {
        TokenRecord mirrorLost = token(1_883_025_277_968_187_394L, NOW.plusSeconds(3600));

        assertThat(RepairScope.reasonToLeave(missingInEngine(mirrorLost), MigrationPhase.DUAL_WRITE, BackfillStatus.never(), NOW))
                .isEmpty();
    }

    @Test
    void onceTheEngineIsPrimaryNothingWaitsForTheBackfill() {
        TokenRecord old = token(0, NOW.plusSeconds(3600));

        assertThat(RepairScope.reasonToLeave(missingInEngine(old), MigrationPhase.WRITE_ENGINE, BackfillStatus.never(), NOW))
                .isEmpty();
    }
}
