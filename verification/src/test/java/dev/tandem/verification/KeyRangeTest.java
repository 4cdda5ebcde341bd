package dev.tandem.verification;

import dev.tandem.verification.checksum.KeyRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRangeTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 16, 1000, 65_536})
    void rangesAreContiguousAndCoverEveryString(int count) {
        List<KeyRange> ranges = KeyRange.all(count);
        assertThat(ranges).hasSize(count);
        assertThat(ranges.get(0).lower()).isEmpty();
        assertThat(ranges.get(count - 1).upper()).isNull();
        for (int i = 1; i < count; i++) {
            assertThat(ranges.get(i).lower()).isEqualTo(ranges.get(i - 1).upper());
            assertThat(ranges.get(i).lower()).isGreaterThan(ranges.get(i - 1).lower());
        }
        for (String id : List.of("", "0000", "0".repeat(64), "7fff" + "0".repeat(60), "f".repeat(64), "G-not-hex", "\uffff")) {
            assertThat(ranges.stream().filter(range -> range.contains(id))).as(id).hasSize(1);
        }
    }

    @Test
    void outOfRangeCountsAreRefusedByName() {
        assertThatThrownBy(() -> KeyRange.of(0, 0)).hasMessageContaining("chunk count 0 is out of range (valid: 1 to 65536)");
        assertThatThrownBy(() -> KeyRange.of(5, 5)).hasMessageContaining("chunk 5 is not one of 0 to 4");
    }
}
