package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.contract.change.Lsn;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine row changes, in the value forms Debezium's PostgreSQL connector gives, to events or dead letters. */
class EngineChangeMapperTest {
    private static final String ID = TokenId.hashOf("engine-mapper-test");
    private static final long COMMITTED = 1_780_000_000_123L;
    private static final long CAPTURED = COMMITTED + 9;

    private final EngineChangeMapper mapper = new EngineChangeMapper();

    private static Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", ID);
        row.put("kind", "access_token");
        row.put("client_id", "web-app");
        row.put("subject", null);
        row.put("scopes", List.of("email", "openid"));
        row.put("issued_at", "2026-05-01T10:00:00.000000Z");
        row.put("expires_at", "2026-05-01T11:00:00Z");
        row.put("revoked_at", null);
        row.put("family_id", null);
        row.put("code_challenge", null);
        row.put("code_challenge_method", null);
        row.put("signing_key_id", "kid-2026-05");
        row.put("version", 77L);
        return row;
    }

    private static RowChange change(String op, Map<String, Object> before, Map<String, Object> after) {
        return new RowChange("oauth_token", op, before, after, COMMITTED, Lsn.parse("0/16B3748"));
    }

    @Test
    void anUpdateBecomesAnUpsertOfTheCanonicalRecord() {
        ChangeEvent event = mapper.map(change(RowChange.UPDATE, row(), row()), CAPTURED).event();

        assertThat(event).isEqualTo(ChangeEvent.upsert("engine", TokenRecord.builder().id(ID).kind(TokenKind.ACCESS_TOKEN)
                .clientId("web-app").scopes(List.of("email", "openid")).issuedAt(Instant.parse("2026-05-01T10:00:00Z"))
                .expiresAt(Instant.parse("2026-05-01T11:00:00Z")).version(77).build(), COMMITTED, CAPTURED, Lsn.parse("0/16B3748")));
    }

    @Test
    void aDeleteIsKeyedByTheBeforeImagesId() {
        assertThat(mapper.map(change(RowChange.DELETE, row(), null), CAPTURED).event())
                .isEqualTo(ChangeEvent.delete("engine", ID, COMMITTED, CAPTURED, Lsn.parse("0/16B3748")));
    }

    @Test
    void aRowThatBreaksTheCanonicalRulesIsADeadLetterNamingTheProblem() {
        Map<String, Object> row = row();
        row.put("expires_at", "2026-05-01T09:00:00Z");

        DeadLetter letter = mapper.map(change(RowChange.CREATE, null, row), CAPTURED).deadLetter();

        assertThat(letter.tokenId()).isEqualTo(ID);
        assertThat(letter.reason()).startsWith("row oauth_token[" + ID + "] cannot be mapped: expiresAt: ")
                .contains("is not after issuedAt");
    }

    @Test
    void aDeleteWhoseIdIsNotATokenIdIsADeadLetterWithoutTheId() {
        Map<String, Object> before = row();
        before.put("id", "raw-token-value");

        DeadLetter letter = mapper.map(change(RowChange.DELETE, before, null), CAPTURED).deadLetter();

        assertThat(letter.tokenId()).isNull();
        assertThat(letter.reason()).contains("an id of 15 characters").doesNotContain("raw-token-value");
    }

    @Test
    void aChangeOfTheHeartbeatTableIsAHeartbeat() {
        Map<String, Object> beat = Map.of("capture", "tandem-engine", "beat_at_ms", COMMITTED);
        ChangeMapper.Mapped mapped = mapper.map(new RowChange(HeartbeatWriter.TABLE, RowChange.UPDATE, null, beat, COMMITTED, Lsn.parse("0/16B3748")), CAPTURED);

        assertThat(mapped.deadLetter()).isNull();
        assertThat(mapped.event()).isEqualTo(ChangeEvent.heartbeat("engine", COMMITTED, CAPTURED, Lsn.parse("0/16B3748")));
    }
}
