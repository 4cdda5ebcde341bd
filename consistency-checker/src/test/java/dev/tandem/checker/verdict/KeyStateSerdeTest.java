package dev.tandem.checker.verdict;

import dev.tandem.contract.change.BinlogPosition;
import dev.tandem.contract.change.Lsn;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyStateSerdeTest {
    private final RandomTokens random = new RandomTokens(System.nanoTime());

    @Test
    void everyStateSurvivesTheStoreUnchanged() {
        for (int i = 0; i < 500; i++) {
            SideState legacy = new SideState(random.record(), new Stamp(1_000 + i, new BinlogPosition("mariadb-bin.000001", i, i % 5)),
                    new Stamp(2_000 + i, new BinlogPosition("mariadb-bin.000001", i + 1, 0)), i % 3 == 0 ? new Stamp(500, null) : null);
            SideState engine = i % 4 == 0 ? SideState.ABSENT : new SideState(null, null, null, new Stamp(3_000, Lsn.parse("0/16B3748")));
            KeyState state = new KeyState(legacy, engine, KeyState.Phase.SETTLED,
                    new Classification(VerdictKind.FIELD_MISMATCH, Severity.MAJOR, List.of(TokenField.SCOPES, TokenField.VERSION)),
                    10, 20, 30, i % 2 == 0 ? -1 : 40, i % 2 == 0 ? 1_500 + i : -1);
            assertThat(KeyStateSerde.decode(KeyStateSerde.encode(state))).as("seed %d", random.seed()).isEqualTo(state);
        }
        assertThat(KeyStateSerde.decode(KeyStateSerde.encode(KeyState.EMPTY))).isEqualTo(KeyState.EMPTY);
    }

    @Test
    void aStateOfTheFormatBeforeReadPastIsReadAsNotWaitingForTheStreams() {
        KeyState state = new KeyState(SideState.ABSENT, SideState.ABSENT, KeyState.Phase.MATCH, Classification.MATCH,
                -1, -1, -1, 77, -1);
        byte[] current = KeyStateSerde.encode(state);
        // Format 1 is format 2 without the trailing readPastMs.
        byte[] formatOne = java.util.Arrays.copyOf(current, current.length - Long.BYTES);
        formatOne[0] = 1;
        assertThat(KeyStateSerde.decode(formatOne)).isEqualTo(state);
    }
}
