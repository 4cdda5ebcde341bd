package dev.tandem.contract.change;

import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeEventCodecTest {
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void everyRecordSurvivesTheWireUnchanged() {
        for (int i = 0; i < 1_000; i++) {
            TokenRecord record = random.record();
            ChangeEvent event = ChangeEvent.upsert(i % 2 == 0 ? "legacy" : "engine", record, 1_000 + i, 2_000 + i, i % 2 == 0 ? new BinlogPosition("binlog.000001", i, 0) : new Lsn(i));
            assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(event))).as("seed %d", random.seed()).isEqualTo(event);
        }
    }

    @Test
    void deletesCarryNoRecord() {
        ChangeEvent delete = ChangeEvent.delete("engine", random.id(), 5, 6, Lsn.parse("0/16B3748"));
        assertThat(ChangeEventCodec.toJson(delete)).doesNotContain("record");
        assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(delete))).isEqualTo(delete);
    }

    @Test
    void heartbeatsCarryNoTokenIdAndNoRecordAndSurviveTheWire() {
        ChangeEvent heartbeat = ChangeEvent.heartbeat("legacy", 1_780_000_000_000L, 1_780_000_000_042L, new BinlogPosition("binlog.000002", 815, 0));
        String json = ChangeEventCodec.toJson(heartbeat);

        assertThat(json).contains("\"op\":\"heartbeat\"").doesNotContain("tokenId").doesNotContain("record");
        assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(heartbeat))).isEqualTo(heartbeat);
        assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(heartbeat)).isHeartbeat()).isTrue();
        assertThat(ChangeEventCodec.decode(("{\"store\":\"engine\",\"op\":\"heartbeat\",\"committedAtMs\":5,"
                + "\"capturedAtMs\":6,\"position\":\"0/16B3748\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ChangeEvent.heartbeat("engine", 5, 6, Lsn.parse("0/16B3748")));
        assertThatThrownBy(() -> new ChangeEvent("engine", random.id(), ChangeEvent.Op.HEARTBEAT, null, 5, 6, new Lsn(1)))
                .hasMessageContaining("a heartbeat carries no token id");
    }

    @Test
    void upsertsAndDeletesKeepTheirWireForm() {
        ChangeEvent delete = ChangeEvent.delete("engine", random.id(), 5, 6, Lsn.parse("0/16B3748"));
        assertThat(ChangeEventCodec.toJson(delete)).startsWith("{\"store\":\"engine\",\"tokenId\":\"" + delete.tokenId()
                + "\",\"op\":\"delete\",\"committedAtMs\":5,\"capturedAtMs\":6,\"position\":\"0/16B3748\"");
        assertThat(delete.isHeartbeat()).isFalse();
    }

    @Test
    void eventsWrittenBeforePositionsWereTypedReadWithTheirPositions() {
        String id = random.id();
        assertThat(ChangeEventCodec.decode(("{\"store\":\"legacy\",\"tokenId\":\"" + id + "\",\"op\":\"delete\","
                + "\"committedAtMs\":5,\"capturedAtMs\":6,\"position\":\"mariadb-bin.000003:4711:2\"}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ChangeEvent.delete("legacy", id, 5, 6, new BinlogPosition("mariadb-bin.000003", 4711, 2)));
        assertThat(ChangeEventCodec.decode(("{\"store\":\"engine\",\"tokenId\":\"" + id + "\",\"op\":\"delete\","
                + "\"committedAtMs\":5,\"capturedAtMs\":6,\"position\":null}").getBytes(StandardCharsets.UTF_8)).position())
                .isNull();
        assertThatThrownBy(() -> ChangeEventCodec.decode(("{\"store\":\"legacy\",\"tokenId\":\"" + id + "\",\"op\":\"delete\","
                + "\"position\":\"0/16B3748\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binlog position \"0/16B3748\"");
    }

    @Test
    void malformedEventsAreRejectedWithAReason() {
        assertThatThrownBy(() -> ChangeEventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ChangeEventCodec.decode("{\"op\":\"merge\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("op \"merge\" is not upsert or delete");
        assertThatThrownBy(() -> ChangeEventCodec.decode("{\"op\":\"delete\",\"store\":\"legacy\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("lacks \"tokenId\"");
    }
}
