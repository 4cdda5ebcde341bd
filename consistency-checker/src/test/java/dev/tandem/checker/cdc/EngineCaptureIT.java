package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine capture on the real PostgreSQL (pgoutput) and broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCaptureIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RandomTokens random = new RandomTokens(System.nanoTime());
    private CdcTestEnvironment env;
    private ChangePublisher publisher;
    private EngineCapture capture;
    private CdcTestEnvironment.TopicReader reader;
    private Mutiny.SessionFactory sessions;
    private EngineTokenStore store;

    @BeforeAll
    void startCapture() {
        env = new CdcTestEnvironment();
        publisher = env.publisher();
        capture = env.engineCapture(publisher, registry);
        capture.start();
        CdcTestEnvironment.awaitStreaming(capture);
        reader = env.reader();
        sessions = EngineSessionFactory.standalone(env.engine.jdbcUrl(), env.engine.user(), env.engine.password(), 2);
        store = new EngineTokenStore(sessions);
    }

    @AfterAll
    void stopCapture() {
        capture.close();
        publisher.close();
        reader.close();
        sessions.close();
        env.close();
    }

    @Test
    void upsertsRevocationAndDeleteThroughTheStoreArriveAsCanonicalEvents() throws Exception {
        TokenRecord record = random.record(TokenKind.REFRESH_TOKEN).toBuilder().revokedAt(null).version(10).build();
        TokenRecord newer = record.toBuilder().scopes(List.of("openid", "email")).subject("user-9").version(20).build();

        store.upsert(record).await().atMost(TIMEOUT);
        store.upsert(newer).await().atMost(TIMEOUT);
        TokenRecord revoked = store.revoke(record.id(), record.issuedAt().plusSeconds(5)).await().atMost(TIMEOUT).orElseThrow();
        TokenRecord tombstone = store.delete(record.id(), 30).await().atMost(TIMEOUT).orElseThrow();
        // What the tombstone purge does once the token has expired: a row really goes.
        try (Connection connection = env.engine.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM oauth_token WHERE id = '" + record.id() + "'");
        }

        List<ChangeEvent> events = reader.awaitEvents(env.engineTopic(), record.id(), list -> list.size() >= 5);

        assertThat(events).extracting(ChangeEvent::op).containsExactly(ChangeEvent.Op.UPSERT, ChangeEvent.Op.UPSERT,
                ChangeEvent.Op.UPSERT, ChangeEvent.Op.UPSERT, ChangeEvent.Op.DELETE);
        assertThat(tombstone).isEqualTo(revoked.tombstone(30));
        assertThat(events).extracting(ChangeEvent::record).containsExactly(record, newer, revoked, tombstone, null);
        assertThat(revoked.revokedAt()).isEqualTo(record.issuedAt().plusSeconds(5));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.store()).isEqualTo("engine");
            assertThat(event.position().notation()).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(event.committedAtMs()).isPositive().isLessThanOrEqualTo(event.capturedAtMs());
        });
        assertThat(registry.get(CdcMetrics.EVENTS).tag("store", "engine").tag("op", "delete").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aHandRunUpdateThatBypassesTheStoreIsCapturedToo() throws Exception {
        TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(5).build();
        store.upsert(record).await().atMost(TIMEOUT);
        try (Connection connection = env.engine.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE oauth_token SET scopes = ARRAY['admin'] WHERE id = '" + record.id() + "'");
        }

        List<ChangeEvent> events = reader.awaitEvents(env.engineTopic(), record.id(), list -> list.size() >= 2);

        assertThat(events.get(1).record()).isEqualTo(record.toBuilder().scopes(List.of("admin")).build());
    }
}
