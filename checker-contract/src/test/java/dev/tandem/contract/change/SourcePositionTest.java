package dev.tandem.contract.change;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcePositionTest {

    @ParameterizedTest(name = "{0} before {1}")
    @CsvSource({
            "mariadb-bin.000002:4,      mariadb-bin.000010:4",
            "mariadb-bin.000002:900,    mariadb-bin.000002:1200",
            "mariadb-bin.999999:9000,   mariadb-bin.1000000:4",
            "mariadb-bin.000002:900,    mariadb-bin.000002:900:1",
            "mariadb-bin.000002:900:2,  mariadb-bin.000002:900:10",
    })
    void binlogPositionsOrderByFileNumberThenPositionThenRow(String earlier, String later) {
        assertThat(BinlogPosition.parse(earlier)).isLessThan(BinlogPosition.parse(later));
        assertThat(BinlogPosition.parse(later)).isGreaterThan(BinlogPosition.parse(earlier));
    }

    @ParameterizedTest(name = "{0} before {1}")
    @CsvSource({
            "0/16B3748,  0/9FFFFFF",
            "0/FFFFFFFF, 1/0",
            "7FFFFFFF/0, FFFFFFFF/0",
    })
    void lsnsOrderAsUnsignedNumbers(String earlier, String later) {
        assertThat(Lsn.parse(earlier)).isLessThan(Lsn.parse(later));
    }

    @Test
    void theNotationIsWhatTheCapturesAlwaysWroteAndReadsBack() {
        assertThat(new BinlogPosition("mariadb-bin.000003", 4711, 0).notation()).isEqualTo("mariadb-bin.000003:4711");
        assertThat(new BinlogPosition("mariadb-bin.000003", 4711, 2).notation()).isEqualTo("mariadb-bin.000003:4711:2");
        assertThat(new Lsn(0x16_B374_D848L).notation()).isEqualTo("16/B374D848");
        for (String notation : new String[]{"mariadb-bin.000003:4711", "mariadb-bin.000003:4711:2"}) {
            assertThat(SourcePosition.parse("legacy", notation).notation()).isEqualTo(notation);
        }
        assertThat(SourcePosition.parse("engine", "16/B374D848")).isEqualTo(new Lsn(0x16_B374_D848L));
    }

    @Test
    void aNotationOfNoPositionIsRefusedSayingWhatIsValid() {
        assertThatThrownBy(() -> SourcePosition.parse("legacy", "0/16B3748"))
                .hasMessageContaining("\"0/16B3748\"").hasMessageContaining("<file>:<pos>");
        assertThatThrownBy(() -> SourcePosition.parse("engine", "mariadb-bin.000003:4711"))
                .hasMessageContaining("<hex>/<hex>");
        assertThatThrownBy(() -> SourcePosition.parse("engine", "-1/5")).hasMessageContaining("<hex>/<hex>");
    }
}
