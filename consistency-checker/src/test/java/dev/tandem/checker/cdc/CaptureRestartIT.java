package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stopped capture resumes where it stopped: the changes made while it was down arrive once it runs
 * again, from the offsets (and, for MariaDB, the schema history) it keeps in the state directory.
 */
class CaptureRestartIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void changesMadeWhileTheCaptureWasStoppedArriveWhenItStartsAgain() {
        try (CdcTestEnvironment env = new CdcTestEnvironment();
             CdcTestEnvironment.TopicReader reader = env.reader()) {
            Mutiny.SessionFactory sessions = EngineSessionFactory.standalone(env.engine.jdbcUrl(), env.engine.user(),
                    env.engine.password(), 2);
            EngineTokenStore engineStore = new EngineTokenStore(sessions);
            Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String legacyId = TokenId.hashOf("restart-" + UUID.randomUUID());
            TokenRecord engineRecord = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(1).build();

            CdcRole first = startRole(env);
            LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, legacyId, "g", issuedAt, "web-app", "openid", "",
                    LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(600), "u"), "u", true);
            engineStore.upsert(engineRecord).await().atMost(TIMEOUT);
            reader.awaitEvents(env.legacyTopic(), legacyId, list -> list.size() == 1);
            reader.awaitEvents(env.engineTopic(), engineRecord.id(), list -> list.size() == 1);
            first.close();

            // While nothing captures: a scope change, a revocation, a new row, a delete, on both stores.
            String addedWhileDown = TokenId.hashOf("restart-down-" + UUID.randomUUID());
            env.legacySql("UPDATE hydra_oauth2_access SET granted_scope = 'openid email' WHERE signature = ?", legacyId);
            env.legacySql("UPDATE hydra_oauth2_access SET active = 0 WHERE signature = ?", legacyId);
            LegacyRows.insertAsOldServer(env, LegacyTable.CODE, addedWhileDown, "g2", issuedAt, "spa", "openid", "",
                    LegacyRows.session(LegacyTable.CODE, issuedAt.plusSeconds(60), "u2"), "u2", true);
            env.legacySql("DELETE FROM hydra_oauth2_code WHERE signature = ?", addedWhileDown);
            TokenRecord engineNewer = engineRecord.toBuilder().scopes(List.of("admin")).version(2).build();
            engineStore.upsert(engineNewer).await().atMost(TIMEOUT);
            TokenRecord engineAddedWhileDown = random.record(TokenKind.AUTHORIZATION_CODE).toBuilder().version(3).build();
            engineStore.upsert(engineAddedWhileDown).await().atMost(TIMEOUT);

            try (CdcRole second = startRole(env)) {
                List<ChangeEvent> legacyEvents = reader.awaitEvents(env.legacyTopic(), legacyId, list -> list.size() >= 3);
                assertThat(legacyEvents.get(legacyEvents.size() - 1).record().scopes()).containsExactly("email", "openid");
                assertThat(legacyEvents.get(legacyEvents.size() - 1).record().isRevoked()).isTrue();
                assertThat(reader.awaitEvents(env.legacyTopic(), addedWhileDown, list -> list.size() >= 2))
                        .extracting(ChangeEvent::op).containsExactly(ChangeEvent.Op.UPSERT, ChangeEvent.Op.DELETE);
                assertThat(reader.awaitEvents(env.engineTopic(), engineRecord.id(), list -> list.size() >= 2))
                        .last().extracting(ChangeEvent::record).isEqualTo(engineNewer);
                assertThat(reader.awaitEvents(env.engineTopic(), engineAddedWhileDown.id(), list -> !list.isEmpty()))
                        .last().extracting(ChangeEvent::record).isEqualTo(engineAddedWhileDown);
            } finally {
                sessions.close();
            }
        }
    }

    private static CdcRole startRole(CdcTestEnvironment env) {
        CdcRole role = new CdcRole(env.config(), new SimpleMeterRegistry());
        role.start();
        role.captures().forEach(CdcTestEnvironment::awaitStreaming);
        return role;
    }
}
