package dev.tandem.checker.change;

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
            ChangeEvent event = ChangeEvent.upsert(i % 2 == 0 ? "legacy" : "engine", record, 1_000 + i, 2_000 + i, "binlog.000001:" + i);
            assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(event))).as("seed %d", random.seed()).isEqualTo(event);
        }
    }

    @Test
    void deletesCarryNoRecord() {
        ChangeEvent delete = ChangeEvent.delete("engine", random.id(), 5, 6, "0/16B3748");
        assertThat(ChangeEventCodec.toJson(delete)).doesNotContain("record");
        assertThat(ChangeEventCodec.decode(ChangeEventCodec.encode(delete))).isEqualTo(delete);
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
