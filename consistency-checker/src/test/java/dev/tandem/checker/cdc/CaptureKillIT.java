package dev.tandem.checker.cdc;

import dev.tandem.testing.CheckerProcess;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.engine.EngineSessionFactory;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.awaitility.Awaitility;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the process running the capture, in the middle of a stream of writes to both
 * stores: after a restart, every change is on the topics (some twice: delivery is at-least-once),
 * and each id's last event is its final state.
 */
class CaptureKillIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ROWS = 120;

    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void noChangeIsMissedWhenTheCaptureProcessIsKilledMidStream() throws Exception {
        try (CdcTestEnvironment env = new CdcTestEnvironment();
             CdcTestEnvironment.TopicReader reader = env.reader()) {
            CdcTopics.ensure(env.config());
            Mutiny.SessionFactory sessions = EngineSessionFactory.standalone(env.engine.jdbcUrl(), env.engine.user(),
                    env.engine.password(), 2);
            EngineTokenStore engineStore = new EngineTokenStore(sessions);
            Path log = env.stateDir.resolve("checker.log");
            Map<String, String> legacyFinalScope = new ConcurrentHashMap<>();
            Map<String, TokenRecord> engineFinal = new ConcurrentHashMap<>();
            Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

            CheckerProcess first = CheckerProcess.start(env.settings, "cdc", log).awaitCapturesStreaming();
            ExecutorService writerThread = Executors.newSingleThreadExecutor();
            Future<?> writer = writerThread.submit(() -> {
                for (int i = 0; i < ROWS; i++) {
                    String id = TokenId.hashOf("kill-" + i + "-" + UUID.randomUUID());
                    LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, id, "g" + i, issuedAt, "web-app", "openid", "",
                            LegacyRows.session(LegacyTable.REFRESH, issuedAt.plusSeconds(3600), "u" + i), "u" + i, true);
                    env.legacySql("UPDATE hydra_oauth2_refresh SET granted_scope = ? WHERE signature = ?", "scope-" + i, id);
                    legacyFinalScope.put(id, "scope-" + i);

                    TokenRecord record = random.record(TokenKind.ACCESS_TOKEN).toBuilder().revokedAt(null).version(1).build();
                    TokenRecord newer = record.toBuilder().clientId("client-" + i).version(2).build();
                    engineStore.upsert(record).await().atMost(TIMEOUT);
                    engineStore.upsert(newer).await().atMost(TIMEOUT);
                    engineFinal.put(newer.id(), newer);
                }
            });
            // Mid-stream: the capture is publishing while the writes go on, and they go on after the kill.
            Awaitility.await("the capture publishing").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> reader.events(env.legacyTopic()).size() >= ROWS / 2 || writer.isDone());
            assertThat(writer.isDone()).as("the writes outlast the kill").isFalse();
            first.kill();
            writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            writerThread.shutdown();

            try (CheckerProcess second = CheckerProcess.start(env.settings, "cdc", log).awaitCapturesStreaming()) {
                Awaitility.await("every legacy id's final state on " + env.legacyTopic()).atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> lastEvents(reader.events(env.legacyTopic())), last -> legacyFinalScope.entrySet().stream()
                                .allMatch(entry -> last.containsKey(entry.getKey())
                                        && last.get(entry.getKey()).record().scopes().equals(Set.of(entry.getValue()))));
                Awaitility.await("every engine id's final state on " + env.engineTopic()).atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> lastEvents(reader.events(env.engineTopic())), last -> engineFinal.entrySet().stream()
                                .allMatch(entry -> entry.getValue().equals(
                                        last.containsKey(entry.getKey()) ? last.get(entry.getKey()).record() : null)));

                Map<String, Long> legacyCounts = reader.events(env.legacyTopic()).stream()
                        .collect(Collectors.groupingBy(ChangeEvent::tokenId, Collectors.counting()));
                assertThat(legacyFinalScope.keySet()).allSatisfy(id ->
                        assertThat(legacyCounts.get(id)).as("insert and update of %s", id).isGreaterThanOrEqualTo(2));
                assertThat(second.log()).doesNotContain("cannot read source offsets");
            } finally {
                sessions.close();
            }
        }
    }

    /** The last event of each id, in topic order (one id's events share a partition, in order). */
    private static Map<String, ChangeEvent> lastEvents(List<ChangeEvent> events) {
        Map<String, ChangeEvent> last = new HashMap<>();
        events.forEach(event -> last.put(event.tokenId(), event));
        return last;
    }
}
