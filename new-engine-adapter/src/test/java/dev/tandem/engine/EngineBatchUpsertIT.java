package dev.tandem.engine;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch upsert merges exactly as the one-record upsert and {@link TokenRecord#mergedWith} do. */
class EngineBatchUpsertIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EngineTestDatabase database;
    private EngineTokenStore store;

    @BeforeEach
    void createDatabase() {
        database = EngineTestDatabase.create();
        store = new EngineTokenStore(database.sessions());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void batchMergesEveryRecordAsMergedWithDoes() throws Exception {
        RandomTokens random = new RandomTokens(42);
        Map<String, TokenRecord> before = new HashMap<>();
        List<TokenRecord> batch = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            TokenRecord stored = random.record();
            TokenRecord incoming = switch (i % 8) {
                case 0 -> stored.withVersion(stored.version() - 1);                           // older: no effect
                case 1 -> random.record(stored.kind()).toBuilder().id(stored.id())
                        .revokedAt(null).version(stored.version() + 5).build();             // newer fields
                case 2 -> stored.toBuilder().revokedAt(stored.issuedAt()).build();          // same version, revoked
                case 3 -> stored.toBuilder().revokedAt(null).version(stored.version() + 1).build(); // no un-revoke
                case 4 -> random.record(other(stored.kind())).toBuilder().id(stored.id())
                        .version(stored.version() + 1).build();                             // kind never changes
                case 5 -> stored.toBuilder().scopes(Set.of()).version(stored.version() + 1).build();
                case 6 -> stored;                                                           // replay: no effect
                default -> null;                                                            // absent: inserted
            };
            if (incoming == null) {
                batch.add(stored);
                continue;
            }
            store.upsert(stored).await().atMost(TIMEOUT);
            before.put(stored.id(), store.find(stored.id()).await().atMost(TIMEOUT).orElseThrow());
            batch.add(incoming);
        }

        int applied;
        try (Connection connection = database.jdbc()) {
            applied = EngineBatchUpsert.upsert(connection, batch);
        }

        int expectedApplied = 0;
        for (TokenRecord incoming : batch) {
            TokenRecord stored = before.get(incoming.id());
            TokenRecord expected = stored == null ? incoming
                    : stored.kind() != incoming.kind() ? stored : stored.mergedWith(incoming);
            if (!expected.equals(stored)) {
                expectedApplied++;
            }
            assertThat(store.find(incoming.id()).await().atMost(TIMEOUT)).as("token %s", incoming.id()).contains(expected);
        }
        assertThat(applied).isEqualTo(expectedApplied);
    }

    @Test
    void emptyBatchWritesNothing() throws Exception {
        try (Connection connection = database.jdbc()) {
            assertThat(EngineBatchUpsert.upsert(connection, List.of())).isZero();
        }
    }

    @Test
    void anIdTwiceInOneBatchIsRefusedBeforeAnythingIsWritten() throws Exception {
        TokenRecord record = new RandomTokens(7).record();
        try (Connection connection = database.jdbc()) {
            assertThatThrownBy(() -> EngineBatchUpsert.upsert(connection, List.of(record, record.withVersion(record.version() + 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("records: id " + record.id() + " occurs twice in one batch");
        }
        assertThat(store.find(record.id()).await().atMost(TIMEOUT)).isEmpty();
    }

    private static TokenKind other(TokenKind kind) {
        return kind == TokenKind.ACCESS_TOKEN ? TokenKind.REFRESH_TOKEN : TokenKind.ACCESS_TOKEN;
    }
}
