package dev.tandem.checker.cdc;

import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.ChangeEventCodec;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Legacy row changes, in the value forms Debezium's MariaDB connector gives, to events or dead letters. */
class LegacyChangeMapperTest {
    private static final String ID = TokenId.hashOf("legacy-mapper-test");
    /** Values an old server kept in the blobs; none may ever leave the mapper. */
    private static final String CLIENT_SECRET = "cs-7f3a9c1e55b2";
    private static final String VERIFIER = "cv-dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String REFRESH_TOKEN = "ory_rt_Zq1x9Yw8Vv7Uu6Tt5Ss4Rr3";
    private static final long COMMITTED = 1_780_000_000_000L;
    private static final long CAPTURED = COMMITTED + 12;

    private final LegacyChangeMapper mapper = new LegacyChangeMapper();

    /** The after-image of a refresh token row as Debezium hands it over: ZonedTimestamp text, TINYINT(1) as a short. */
    private static Map<String, Object> row() {
        Map<String, Object> row = new HashMap<>();
        row.put("signature", ID);
        row.put("request_id", "grant-1");
        row.put("requested_at", "2026-05-01T10:00:00Z");
        row.put("client_id", "web-app");
        row.put("scope", "openid offline_access profile");
        row.put("granted_scope", "offline_access  openid ");
        row.put("requested_audience", "");
        row.put("granted_audience", "");
        row.put("form_data", "grant_type=refresh_token&refresh_token=" + REFRESH_TOKEN + "&client_secret=" + CLIENT_SECRET
                + "&code_verifier=" + VERIFIER);
        row.put("session_data", "{\"extra\":{\"verifier\":\"" + VERIFIER + "\"},\"expires_at\":{\"refresh_token\":"
                + "\"2026-05-31T10:00:00.123456789+02:00\",\"access_token\":\"2026-05-01T11:00:00Z\"},\"subject\":\"user-1\"}");
        row.put("subject", "user-1");
        row.put("active", (short) 1);
        row.put("challenge_id", null);
        row.put("tandem_version", 42L);
        return row;
    }

    private static RowChange change(String op, Map<String, Object> before, Map<String, Object> after) {
        return new RowChange("hydra_oauth2_refresh", op, before, after, COMMITTED, BinlogPosition.parse("binlog.000003:4711"));
    }

    @Test
    void anInsertBecomesAnUpsertOfTheCanonicalRecordAndNothingElse() {
        ChangeMapper.Mapped mapped = mapper.map(change(RowChange.CREATE, null, row()), CAPTURED);

        TokenRecord expected = TokenRecord.builder().id(ID).kind(TokenKind.REFRESH_TOKEN).clientId("web-app")
                .subject("user-1").scopes(List.of("offline_access", "openid"))
                .issuedAt(Instant.parse("2026-05-01T10:00:00Z")).expiresAt(Instant.parse("2026-05-31T08:00:00Z"))
                .familyId("grant-1").version(42).build();
        assertThat(mapped.deadLetter()).isNull();
        assertThat(mapped.event()).isEqualTo(new ChangeEvent("legacy", ID, ChangeEvent.Op.UPSERT, expected,
                COMMITTED, CAPTURED, BinlogPosition.parse("binlog.000003:4711")));
        assertThat(ChangeEventCodec.toJson(mapped.event())).doesNotContain(CLIENT_SECRET, VERIFIER, REFRESH_TOKEN);
    }

    static Stream<Arguments> activeFlagForms() {
        return Stream.of(
                Arguments.of((short) 0, true), Arguments.of((short) 1, false), Arguments.of(0, true),
                Arguments.of(Boolean.FALSE, true), Arguments.of(Boolean.TRUE, false), Arguments.of("0", true));
    }

    @ParameterizedTest(name = "active = {0} ({1}) -> revoked {1}")
    @MethodSource("activeFlagForms")
    void everyFormOfTheActiveFlagMaps(Object active, boolean revoked) {
        Map<String, Object> row = row();
        row.put("active", active);

        TokenRecord record = mapper.map(change(RowChange.UPDATE, row(), row), CAPTURED).event().record();

        assertThat(record.isRevoked()).isEqualTo(revoked);
    }

    @Test
    void aDeleteIsKeyedByTheBeforeImagesSignature() {
        ChangeMapper.Mapped mapped = mapper.map(change(RowChange.DELETE, row(), null), CAPTURED);

        assertThat(mapped.event()).isEqualTo(ChangeEvent.delete("legacy", ID, COMMITTED, CAPTURED, BinlogPosition.parse("binlog.000003:4711")));
    }

    static Stream<Arguments> unmappableRows() {
        return Stream.of(
                Arguments.of("session_data", "not json " + CLIENT_SECRET, ID, "session_data is not a JSON object"),
                Arguments.of("session_data", "{\"expires_at\":{\"access_token\":\"2026-05-01T11:00:00Z\"},\"x\":\""
                        + VERIFIER + "\"}", ID, "session_data has no expires_at.refresh_token"),
                Arguments.of("session_data", "{\"expires_at\":{\"refresh_token\":\"" + REFRESH_TOKEN + "\"}}", ID,
                        "session_data expires_at.refresh_token is not an RFC 3339 time"),
                Arguments.of("form_data", "code_challenge=%zz" + VERIFIER, ID, "form_data code_challenge is not valid form encoding"),
                Arguments.of("requested_at", "yesterday", ID, "requested_at is not a time"),
                Arguments.of("tandem_version", "v-" + CLIENT_SECRET, ID, "tandem_version is not a number"),
                Arguments.of("signature", REFRESH_TOKEN, null, "a signature of " + REFRESH_TOKEN.length() + " characters"),
                Arguments.of("client_id", "", ID, "clientId: is required"));
    }

    @ParameterizedTest(name = "{0} = ... -> {3}")
    @MethodSource("unmappableRows")
    void aRowThatCannotBeMappedBecomesADeadLetterThatQuotesNoBlob(String column, String value, String tokenId, String reason) {
        Map<String, Object> row = row();
        row.put(column, value);

        ChangeMapper.Mapped mapped = mapper.map(change(RowChange.UPDATE, null, row), CAPTURED);

        assertThat(mapped.event()).isNull();
        DeadLetter letter = mapped.deadLetter();
        assertThat(letter.reason()).contains(reason).contains("hydra_oauth2_refresh");
        assertThat(letter.tokenId()).isEqualTo(tokenId);
        assertThat(letter).extracting(DeadLetter::store, DeadLetter::table, DeadLetter::position, DeadLetter::committedAtMs)
                .containsExactly("legacy", "hydra_oauth2_refresh", "binlog.000003:4711", COMMITTED);
        assertThat(new String(letter.encode(), StandardCharsets.UTF_8)).doesNotContain(CLIENT_SECRET, VERIFIER, REFRESH_TOKEN);
    }

    @Test
    void aDeleteWithoutAValidSignatureIsADeadLetterWithoutTheSignature() {
        Map<String, Object> before = row();
        before.put("signature", REFRESH_TOKEN);

        DeadLetter letter = mapper.map(change(RowChange.DELETE, before, null), CAPTURED).deadLetter();

        assertThat(letter.tokenId()).isNull();
        assertThat(letter.reason()).isEqualTo("deleted row of hydra_oauth2_refresh has a signature of "
                + REFRESH_TOKEN.length() + " characters, not a token id");
    }

    @Test
    void aChangeOfAnotherTableIsADeadLetterNamingTheValidTables() {
        RowChange change = new RowChange("hydra_client", RowChange.CREATE, null, row(), COMMITTED, BinlogPosition.parse("binlog.000003:1"));

        assertThat(mapper.map(change, CAPTURED).deadLetter().reason())
                .isEqualTo("\"hydra_client\" is not a legacy token table (valid: hydra_oauth2_access, hydra_oauth2_refresh,"
                        + " hydra_oauth2_code)");
    }

    @Test
    void theTableDecidesTheKind() {
        Map<String, Object> row = row();
        row.put("session_data", "{\"expires_at\":{\"access_token\":\"2026-05-01T11:00:00Z\"}}");
        RowChange change = new RowChange(LegacyTable.ACCESS.tableName(), RowChange.CREATE, null, row, COMMITTED, BinlogPosition.parse("b.1:1"));

        assertThat(mapper.map(change, CAPTURED).event().record().kind()).isEqualTo(TokenKind.ACCESS_TOKEN);
    }

    @Test
    void aChangeOfTheHeartbeatTableIsAHeartbeatWhateverItsOperation() {
        Map<String, Object> beat = Map.of("capture", "tandem-legacy", "beat_at_ms", COMMITTED);
        for (String op : List.of(RowChange.CREATE, RowChange.UPDATE, RowChange.READ)) {
            assertThat(mapper.map(new RowChange(HeartbeatWriter.TABLE, op, null, beat, COMMITTED, BinlogPosition.parse("binlog.000003:99")), CAPTURED)
                    .event()).as(op).isEqualTo(ChangeEvent.heartbeat("legacy", COMMITTED, CAPTURED, BinlogPosition.parse("binlog.000003:99")));
        }
        assertThat(mapper.map(new RowChange(HeartbeatWriter.TABLE, RowChange.DELETE, beat, null, COMMITTED, BinlogPosition.parse("binlog.000003:99")),
                CAPTURED).event().isHeartbeat()).isTrue();
    }

    @Test
    void aHeartbeatWrittenLaterThanItsWholeSecondCommitTimeCountsFromItsBeatTime() {
        long wholeSecond = 1_780_311_600_000L;
        long beatAt = wholeSecond + 730;
        RowChange later = new RowChange(HeartbeatWriter.TABLE, RowChange.UPDATE, null,
                Map.of("capture", "tandem-switch", "beat_at_ms", beatAt), wholeSecond, BinlogPosition.parse("binlog.000003:99"));
        RowChange earlier = new RowChange(HeartbeatWriter.TABLE, RowChange.UPDATE, null,
                Map.of("capture", "tandem-legacy", "beat_at_ms", wholeSecond - 5_000), wholeSecond, BinlogPosition.parse("binlog.000003:99"));

        assertThat(mapper.map(later, CAPTURED).event().committedAtMs()).as("the millisecond beat time").isEqualTo(beatAt);
        assertThat(mapper.map(earlier, CAPTURED).event().committedAtMs()).as("never before the commit time")
                .isEqualTo(wholeSecond);
    }
}
