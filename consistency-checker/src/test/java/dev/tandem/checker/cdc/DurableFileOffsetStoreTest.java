package dev.tandem.checker.cdc;

import io.debezium.embedded.EmbeddedWorkerConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Offsets survive a restart, and a damaged file stops the start instead of silently meaning "from now". */
class DurableFileOffsetStoreTest {

    @TempDir
    Path dir;

    private DurableFileOffsetStore storeAt(Path file) {
        DurableFileOffsetStore store = new DurableFileOffsetStore();
        // Debezium's engine builds the same worker configuration from its properties (it adds defaults to the map).
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(Map.of(
                DurableFileOffsetStore.FILENAME, file.toString(),
                "offset.storage", DurableFileOffsetStore.class.getName()))));
        store.start();
        return store;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void savedOffsetsAreReadBackByTheNextStart() throws Exception {
        Path file = dir.resolve("cdc/legacy.offsets");
        DurableFileOffsetStore first = storeAt(file);
        first.set(Map.of(bytes("[\"legacy\",{\"server\":\"a\"}]"), bytes("{\"file\":\"binlog.000002\",\"pos\":4711}")), null).get();
        first.stop();

        DurableFileOffsetStore second = storeAt(file);
        ByteBuffer value = second.get(List.of(bytes("[\"legacy\",{\"server\":\"a\"}]"))).get()
                .get(bytes("[\"legacy\",{\"server\":\"a\"}]"));
        second.stop();

        assertThat(StandardCharsets.UTF_8.decode(value).toString()).isEqualTo("{\"file\":\"binlog.000002\",\"pos\":4711}");
        assertThat(dir.resolve("cdc/legacy.offsets.tmp")).doesNotExist();
    }

    @Test
    void noFileMeansNoOffsetsYet() throws Exception {
        DurableFileOffsetStore store = storeAt(dir.resolve("absent.offsets"));

        assertThat(store.get(List.of(bytes("k"))).get()).containsEntry(bytes("k"), null);
        store.stop();
    }

    @Test
    void aTruncatedFileFailsTheStartNamingTheFile() throws Exception {
        Path file = dir.resolve("legacy.offsets");
        DurableFileOffsetStore store = storeAt(file);
        store.set(Map.of(bytes("key"), bytes("a value long enough to cut")), null).get();
        store.stop();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 7));

        assertThatThrownBy(() -> storeAt(file))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("cannot read source offsets from " + file)
                .hasMessageContaining("refusing to start from an unknown position");
    }
}
