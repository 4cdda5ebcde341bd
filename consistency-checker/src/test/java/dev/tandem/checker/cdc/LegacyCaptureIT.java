package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The legacy capture on the real MariaDB binlog and broker: changes written with plain SQL, as the
 * old server, a cleanup job or an operator would, arrive on the legacy topic as canonical events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyCaptureIT {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private CdcTestEnvironment env;
    private ChangePublisher publisher;
    private LegacyCapture capture;
    private CdcTestEnvironment.TopicReader reader;

    /** A row the old server wrote before the capture ever ran. */
    private final String preExisting = TokenId.hashOf("legacy-capture-before-" + UUID.randomUUID());

    @BeforeAll
    void startCapture() {
        env = new CdcTestEnvironment();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, preExisting, "grant-0", issuedAt, "web-app", "openid",
                "grant_type=authorization_code&code=abc", LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(3600), "user-0"),
                "user-0", true);
        publisher = env.publisher();
        capture = env.legacyCapture(publisher, registry);
        capture.start();
        CdcTestEnvironment.awaitStreaming(capture);
        reader = env.reader();
    }

    @AfterAll
    void stopCapture() {
        capture.close();
        publisher.close();
        reader.close();
        env.close();
    }

    @Test
    void rowsWrittenBeforeTheFirstStartArriveFromItsSnapshot() {
        List<ChangeEvent> events = reader.awaitEvents(env.legacyTopic(), preExisting, list -> !list.isEmpty());

        assertThat(events).hasSize(1);
        assertThat(events.get(0).op()).isEqualTo(ChangeEvent.Op.UPSERT);
        assertThat(events.get(0).record().clientId()).isEqualTo("web-app");
        assertThat(events.get(0).record().subject()).isEqualTo("user-0");
    }

    @Test
    void outOfBandInsertScopeChangeRevocationAndDeleteArriveAsCanonicalEvents() {
        String id = TokenId.hashOf("legacy-capture-" + UUID.randomUUID());
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plusSeconds(3600);
        Instant beforeWrites = Instant.now();
        LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, id, "grant-1", issuedAt, "web-app", "openid profile",
                "grant_type=authorization_code&code=abc", LegacyRows.session(LegacyTable.ACCESS, expiresAt, "user-1"),
                "user-1", true);
        env.legacySql("UPDATE hydra_oauth2_access SET granted_scope = 'openid email  admin' WHERE signature = ?", id);
        env.legacySql("UPDATE hydra_oauth2_access SET active = 0 WHERE signature = ?", id);
        env.legacySql("DELETE FROM hydra_oauth2_access WHERE signature = ?", id);

        List<ChangeEvent> events = reader.awaitEvents(env.legacyTopic(), id, list -> list.size() >= 4);

        TokenRecord inserted = TokenRecord.builder().id(id).kind(TokenKind.ACCESS_TOKEN).clientId("web-app")
                .subject("user-1").scopes(List.of("openid", "profile")).issuedAt(issuedAt).expiresAt(expiresAt)
                .familyId("grant-1").version(0).build();
        TokenRecord rescoped = inserted.toBuilder().scopes(List.of("admin", "email", "openid")).build();
        TokenRecord revoked = rescoped.toBuilder().revokedAt(issuedAt).build();
        assertThat(events).extracting(ChangeEvent::op)
                .containsExactly(ChangeEvent.Op.UPSERT, ChangeEvent.Op.UPSERT, ChangeEvent.Op.UPSERT, ChangeEvent.Op.DELETE);
        assertThat(events).extracting(ChangeEvent::record).containsExactly(inserted, rescoped, revoked, null);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.store()).isEqualTo("legacy");
            assertThat(event.position().notation()).matches("[^:]+\\.\\d+:\\d+(:\\d+)?");
            // The binlog keeps whole seconds: the commit time may read up to a second early.
            assertThat(event.committedAtMs()).isBetween(beforeWrites.toEpochMilli() - 1_000, event.capturedAtMs());
        });
    }

    /**
     * Issue 10, item 6: the binlog stamps whole seconds, so one second's changes of a row are ordered
     * by their binlog position alone. The session pins its timestamp ({@code SET timestamp}), so that
     * every update carries the same second however fast the machine is.
     */
    @Test
    void updatesOfOneRowWithinOneSecondCarryPositionsThatOrderThem() throws Exception {
        String id = TokenId.hashOf("legacy-order-" + UUID.randomUUID());
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, id, "grant-3", issuedAt, "web-app", "openid",
                "grant_type=authorization_code&code=abc", LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(3600), "user-3"),
                "user-3", true);
        String update = "UPDATE hydra_oauth2_access SET granted_scope = ? WHERE signature = ?";
        try (java.sql.Connection connection = env.legacyJdbc()) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET timestamp = UNIX_TIMESTAMP()");
            }
            for (String scope : List.of("email", "profile")) {
                try (java.sql.PreparedStatement statement = connection.prepareStatement(update)) {
                    statement.setString(1, scope);
                    statement.setString(2, id);
                    statement.executeUpdate();
                }
            }
            // Two updates of the row in one transaction: one commit, two rows events.
            connection.setAutoCommit(false);
            for (String scope : List.of("admin", "offline")) {
                try (java.sql.PreparedStatement statement = connection.prepareStatement(update)) {
                    statement.setString(1, scope);
                    statement.setString(2, id);
                    statement.executeUpdate();
                }
            }
            connection.commit();
        }

        List<ChangeEvent> events = reader.awaitEvents(env.legacyTopic(), id, list -> list.size() >= 5);
        List<ChangeEvent> updates = events.subList(1, 5);
        assertThat(updates).extracting(event -> String.join(" ", event.record().scopes()))
                .containsExactly("email", "profile", "admin", "offline");
        assertThat(updates).extracting(ChangeEvent::committedAtMs).as("one second").containsOnly(updates.get(0).committedAtMs());
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).position()).as("event %d after event %d", i, i - 1).isGreaterThan(events.get(i - 1).position());
        }

        List<ChangeEvent> reversedWithDuplicates = new java.util.ArrayList<>(events);
        java.util.Collections.reverse(reversedWithDuplicates);
        reversedWithDuplicates.addAll(events);
        dev.tandem.checker.verdict.SideState state = dev.tandem.checker.verdict.SideState.ABSENT;
        for (ChangeEvent event : reversedWithDuplicates) {
            state = state.apply(event);
        }
        assertThat(state.record().scopes()).containsExactly("offline");
    }

    @Test
    void aCodesPkceChallengeIsReadFromFormDataAndAnExpiredRowsCleanupIsADelete() {
        String id = TokenId.hashOf("legacy-code-" + UUID.randomUUID());
        Instant issuedAt = Instant.parse("2024-05-01T10:00:00Z");
        LegacyRows.insertAsOldServer(env, LegacyTable.CODE, id, "grant-2", issuedAt, "spa",
                "openid", "response_type=code&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                        + "&code_challenge_method=S256&state=xyz",
                LegacyRows.session(LegacyTable.CODE, issuedAt.plusSeconds(600), "user-2"), "user-2", true);
        // The old server's cleanup job: every expired row goes.
        env.legacySql("DELETE FROM hydra_oauth2_code WHERE requested_at < NOW() - INTERVAL 1 DAY AND signature = ?", id);

        List<ChangeEvent> events = reader.awaitEvents(env.legacyTopic(), id, list -> list.size() >= 2);

        assertThat(events.get(0).record().codeChallenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(events.get(0).record().codeChallengeMethod()).isEqualTo(PkceMethod.S256);
        assertThat(events.get(0).record().kind()).isEqualTo(TokenKind.AUTHORIZATION_CODE);
        assertThat(events.get(1).op()).isEqualTo(ChangeEvent.Op.DELETE);
    }

    @Test
    void aRowThatCannotBeMappedBecomesACountedDeadLetterAndTheStreamGoesOn() {
        String id = TokenId.hashOf("legacy-dead-" + UUID.randomUUID());
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double deadBefore = deadLetters();
        LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, id, "grant-3", issuedAt, "web-app", "offline_access",
                "grant_type=refresh_token", "client_secret=s3cr3t-in-a-broken-blob", "user-3", true);
        String later = TokenId.hashOf("legacy-after-dead-" + UUID.randomUUID());
        LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, later, "grant-3", issuedAt, "web-app", "offline_access",
                "grant_type=refresh_token", LegacyRows.session(LegacyTable.REFRESH, issuedAt.plusSeconds(60), "user-3"),
                "user-3", true);

        assertThat(reader.awaitEvents(env.legacyTopic(), later, list -> !list.isEmpty())).hasSize(1);
        List<ConsumerRecord<String, byte[]>> letters = reader.readAll(env.deadLetterTopic()).stream()
                .filter(record -> id.equals(record.key())).toList();
        assertThat(letters).hasSize(1);
        String letter = new String(letters.get(0).value(), StandardCharsets.UTF_8);
        assertThat(letter)
                .contains("\"store\":\"legacy\"", "\"table\":\"hydra_oauth2_refresh\"", "\"tokenId\":\"" + id + "\"",
                        "session_data is not a JSON object", "\"position\":\"")
                .doesNotContain("s3cr3t");
        assertThat(reader.events(env.legacyTopic(), id)).as("nothing of the refused row on the change topic").isEmpty();
        assertThat(deadLetters()).isEqualTo(deadBefore + 1);
    }

    @Test
    void aSignatureThatIsNotATokenIdIsNeverEchoed() {
        String rawToken = "ory_at_" + UUID.randomUUID();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, rawToken, "grant-4", issuedAt, "web-app", "openid",
                "", LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(60), "user-4"), "user-4", true);

        String letter = awaitDeadLetterContaining("a signature of " + rawToken.length() + " characters");

        assertThat(letter).contains("\"tokenId\":null").doesNotContain(rawToken);
    }

    private String awaitDeadLetterContaining(String text) {
        return org.awaitility.Awaitility.await("dead letter containing " + text).atMost(CdcTestEnvironment.TIMEOUT)
                .until(() -> reader.readAll(env.deadLetterTopic()).stream()
                        .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                        .filter(value -> value.contains(text)).findFirst().orElse(null), value -> value != null);
    }

    private double deadLetters() {
        return registry.get(CdcMetrics.DEAD_LETTERS).tag("store", "legacy").counter().count();
    }
}
