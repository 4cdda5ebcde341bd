package dev.tandem.checker.cdc;

import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.model.TokenId;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debezium records, built as the MariaDB connector builds them (envelope, {@code source} block,
 * column types), through the capture's record mapping: what is published, what is skipped, and
 * what becomes a dead letter instead of stopping the stream.
 */
class RecordMapperTest {
    private static final String ID = TokenId.hashOf("record-mapper-test");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00.250Z"), ZoneOffset.UTC);

    private static final Schema ROW = SchemaBuilder.struct().name("t.hydra_oauth2_access.Value")
            .field("signature", Schema.STRING_SCHEMA)
            .field("request_id", Schema.STRING_SCHEMA)
            .field("requested_at", Schema.STRING_SCHEMA) // io.debezium.time.ZonedTimestamp
            .field("client_id", Schema.STRING_SCHEMA)
            .field("scope", Schema.STRING_SCHEMA)
            .field("granted_scope", Schema.STRING_SCHEMA)
            .field("form_data", Schema.STRING_SCHEMA)
            .field("session_data", Schema.STRING_SCHEMA)
            .field("subject", Schema.STRING_SCHEMA)
            .field("active", Schema.INT16_SCHEMA)
            .field("tandem_version", Schema.INT64_SCHEMA)
            .optional().build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mariadb.Source")
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA)
            .field("row", Schema.INT32_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("t.hydra_oauth2_access.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .build();

    private final RecordMapper mapper = new RecordMapper(new LegacyChangeMapper(),
            source -> new BinlogPosition(source.getString("file"), source.getInt64("pos"), 0), CLOCK);

    private static Struct row() {
        return new Struct(ROW).put("signature", ID).put("request_id", "g").put("requested_at", "2026-06-01T11:00:00Z")
                .put("client_id", "web").put("scope", "openid").put("granted_scope", "openid")
                .put("form_data", "client_secret=never-published")
                .put("session_data", "{\"expires_at\":{\"access_token\":\"2026-06-01T12:00:00Z\"}}")
                .put("subject", "u").put("active", (short) 1).put("tandem_version", 0L);
    }

    private static Struct source(String table) {
        return new Struct(SOURCE).put("ts_ms", 1_780_311_600_000L).put("db", "t").put("table", table)
                .put("file", "binlog.000002").put("pos", 815L).put("row", 0);
    }

    private static SourceRecord record(String topic, Schema schema, Object value) {
        return new SourceRecord(Map.of("server", "t"), Map.of("file", "binlog.000002", "pos", 815L), topic, null, schema, value);
    }

    @Test
    void aRowChangeRecordBecomesItsCanonicalEvent() {
        Struct value = new Struct(ENVELOPE).put("after", row()).put("source", source("hydra_oauth2_access")).put("op", "c");

        ChangeEvent event = mapper.map(record("t.t.hydra_oauth2_access", ENVELOPE, value)).event();

        assertThat(event.tokenId()).isEqualTo(ID);
        assertThat(event.committedAtMs()).isEqualTo(1_780_311_600_000L);
        assertThat(event.capturedAtMs()).isEqualTo(CLOCK.millis());
        assertThat(event.position()).isEqualTo(new BinlogPosition("binlog.000002", 815, 0));
        assertThat(event.record().scopes()).containsExactly("openid");
    }

    @Test
    void heartbeatsAndOtherNonChangeRecordsAreSkipped() {
        Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();

        assertThat(mapper.map(record("__debezium-heartbeat.t", heartbeat, new Struct(heartbeat).put("ts_ms", 1L)))).isNull();
        assertThat(mapper.map(record("t", heartbeat, new Struct(heartbeat).put("ts_ms", 1L)))).isNull();
    }

    @Test
    void aChangeOfTheHeartbeatTableIsAHeartbeatAtItsCommitTimeAndPosition() {
        Schema row = SchemaBuilder.struct().name("t.tandem_heartbeat.Value")
                .field("capture", Schema.STRING_SCHEMA).field("beat_at_ms", Schema.INT64_SCHEMA).optional().build();
        Schema envelope = SchemaBuilder.struct().name("t.tandem_heartbeat.Envelope")
                .field("before", row).field("after", row).field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(envelope).put("after", new Struct(row).put("capture", "tandem-legacy").put("beat_at_ms", 1L))
                .put("source", source(HeartbeatWriter.TABLE)).put("op", "u");

        ChangeEvent event = mapper.map(record("t.t.tandem_heartbeat", envelope, value)).event();

        assertThat(event).isEqualTo(ChangeEvent.heartbeat("legacy", 1_780_311_600_000L, CLOCK.millis(), new BinlogPosition("binlog.000002", 815, 0)));
        assertThat(event.isHeartbeat()).isTrue();
    }

    @Test
    void aRecordThatCannotBeReadIsADeadLetterWithItsSourceOffset() {
        Schema odd = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).field("source", Schema.STRING_SCHEMA).build();

        DeadLetter letter = mapper.map(record("t.t.hydra_oauth2_access", odd, new Struct(odd).put("op", "c")
                .put("source", "client_secret=never-published"))).deadLetter();

        assertThat(letter.store()).isEqualTo("legacy");
        assertThat(letter.reason()).startsWith("change event cannot be read: unexpected org.apache.kafka.connect.errors.DataException");
        assertThat(letter.position()).contains("binlog.000002").contains("815");
        assertThat(new String(letter.encode())).doesNotContain("never-published");
    }
}
