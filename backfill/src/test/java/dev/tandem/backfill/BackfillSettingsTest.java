package dev.tandem.backfill;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackfillSettingsTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "chunk.size|0|invalid chunk.size 0 (valid: 1 to 50000)",
            "chunk.size|50001|invalid chunk.size 50001 (valid: 1 to 50000)",
            "chunk.size|99999999999|invalid chunk.size 99999999999 (valid: 1 to 50000)",
            "rows.per.second|-1|invalid rows.per.second -1 (valid: 0 to 10000000)",
            "expiry.horizon.seconds|-5|invalid expiry.horizon.seconds -5 (valid: 0 to 2592000)",
            "lag.threshold.ms|0|invalid lag.threshold.ms 0 (valid: 1 to 3600000)",
            "lease.seconds|0|invalid lease.seconds 0 (valid: 1 to 3600)",
            "lease.seconds|ten|invalid lease.seconds \"ten\" (valid: a whole number, 1 to 3600)",
    })
    void badValueIsRefusedNamingKeyValueAndRange(String key, String value, String message) {
        assertThatThrownBy(() -> BackfillSettings.fromMap(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void unknownKeyIsRefusedListingTheValidOnes() {
        assertThatThrownBy(() -> BackfillSettings.fromMap(Map.of("chunksize", "10")))
                .hasMessage("unknown backfill setting \"chunksize\" (valid: chunk.size, rows.per.second,"
                        + " expiry.horizon.seconds, lag.threshold.ms, lease.seconds)");
    }

    @Test
    void absentKeysTakeTheirDefaults() {
        assertThat(BackfillSettings.fromMap(Map.of("rows.per.second", "2000")))
                .isEqualTo(BackfillSettings.defaults().withRowsPerSecond(2000));
        assertThat(BackfillSettings.defaults().expiryHorizonSeconds()).isEqualTo(3_600);
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault() {
        assertThat(BackfillSettings.docs()).hasSize(5)
                .allSatisfy((key, doc) -> assertThat(doc).contains("Default "));
    }
}
