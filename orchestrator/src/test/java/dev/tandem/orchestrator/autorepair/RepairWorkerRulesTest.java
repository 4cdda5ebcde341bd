package dev.tandem.orchestrator.autorepair;

import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The repair worker's rules: which divergence goes first, and which store a repair handed to the replay queue names. */
class RepairWorkerRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    private final RandomTokens random = new RandomTokens(11);

    private TokenRecord live() {
        return random.record().toBuilder().issuedAt(NOW.minusSeconds(60)).expiresAt(NOW.plusSeconds(3600)).revokedAt(null)
                .version(3).build();
    }

    private static Divergence divergence(VerdictKind kind, Severity severity, TokenRecord legacy, TokenRecord engine) {
        return new Divergence((legacy != null ? legacy : engine).id(), kind, severity,
                kind == VerdictKind.FIELD_MISMATCH ? List.of(TokenField.REVOKED_AT) : List.of(), legacy, engine, NOW, NOW);
    }

    @Test
    void aRevocationOneStoreLacksIsRepairedBeforeEveryOtherDivergence() {
        TokenRecord token = live();
        Divergence lostRevocation = divergence(VerdictKind.FIELD_MISMATCH, Severity.CRITICAL,
                token.toBuilder().revokedAt(NOW.minusSeconds(5)).build(), token);
        Divergence missingLive = divergence(VerdictKind.MISSING_IN_ENGINE, Severity.CRITICAL, live(), null);
        Divergence scopes = divergence(VerdictKind.FIELD_MISMATCH, Severity.MAJOR, live(), live());
        Divergence missingExpired = divergence(VerdictKind.MISSING_IN_LEGACY, Severity.MINOR, null, live());

        assertThat(List.of(missingExpired, scopes, missingLive, lostRevocation).stream()
                .sorted(java.util.Comparator.comparingInt(RepairWorker::urgency)).toList())
                .containsExactly(lostRevocation, missingLive, scopes, missingExpired);
    }

    @Test
    void aRepairHandedToTheQueueNamesTheStoreThatLacksTheRevocationEvenAtOneVersion() {
        TokenRecord token = live();
        TokenRecord revoked = token.toBuilder().revokedAt(NOW.minusSeconds(5)).build();
        assertThat(RepairWorker.behind(divergence(VerdictKind.FIELD_MISMATCH, Severity.CRITICAL, revoked, token)))
                .as("revoked in legacy behind Tandem's back: same version").isEqualTo(MigrationPhase.Store.ENGINE);
        assertThat(RepairWorker.behind(divergence(VerdictKind.FIELD_MISMATCH, Severity.CRITICAL, token,
                revoked.toBuilder().version(2).build()))).as("revoked in the engine at an older version")
                .isEqualTo(MigrationPhase.Store.LEGACY);
        assertThat(RepairWorker.behind(divergence(VerdictKind.MISSING_IN_ENGINE, Severity.CRITICAL, token, null)))
                .isEqualTo(MigrationPhase.Store.ENGINE);
        assertThat(RepairWorker.behind(divergence(VerdictKind.MISSING_IN_LEGACY, Severity.CRITICAL, null, token)))
                .isEqualTo(MigrationPhase.Store.LEGACY);
        assertThat(RepairWorker.behind(divergence(VerdictKind.FIELD_MISMATCH, Severity.MAJOR, token.toBuilder().version(5).build(),
                token))).as("otherwise the older version").isEqualTo(MigrationPhase.Store.ENGINE);
    }
}
