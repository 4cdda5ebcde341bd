package dev.tandem.testing;

import dev.tandem.testing.DatabaseEndpoint.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsFileTest {

    private static final Path FILE = Path.of("/tmp/endpoints.env");

    /** Exactly what stack/stack.sh writes. */
    private static final List<String> WRITTEN_BY_STACK = List.of(
            "LEGACY_HOST=127.0.0.1", "LEGACY_PORT=33316", "LEGACY_DB=tandem_legacy", "LEGACY_USER=tandem",
            "LEGACY_PASSWORD=tandem", "ENGINE_HOST=127.0.0.1", "ENGINE_PORT=55442", "ENGINE_DB=tandem_engine",
            "ENGINE_USER=tandem", "ENGINE_PASSWORD=tandem", "KAFKA_BOOTSTRAP=127.0.0.1:59102");

    @Test
    void readsTheFileTheStackScriptWrites(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("endpoints.env"), WRITTEN_BY_STACK);

        StackEndpoints endpoints = EndpointsFile.read(file);

        assertThat(endpoints.legacy()).isEqualTo(new DatabaseEndpoint(Flavor.MARIADB, "127.0.0.1", 33316,
                "tandem_legacy", "tandem", "tandem"));
        assertThat(endpoints.engine()).isEqualTo(new DatabaseEndpoint(Flavor.POSTGRESQL, "127.0.0.1", 55442,
                "tandem_engine", "tandem", "tandem"));
        assertThat(endpoints.kafkaBootstrap()).isEqualTo("127.0.0.1:59102");
    }

    @Test
    void acceptsCommentsBlankLinesAndQuotedValues() {
        List<String> lines = new ArrayList<>(WRITTEN_BY_STACK);
        lines.replaceAll(line -> line.startsWith("ENGINE_PASSWORD=") ? "ENGINE_PASSWORD='s3cret with space'" : line);
        lines.add(0, "# servers of the staging box");
        lines.add(3, "");

        StackEndpoints endpoints = EndpointsFile.parse(FILE, lines);

        assertThat(endpoints.engine().password()).isEqualTo("s3cret with space");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LEGACY_HOST", "LEGACY_PORT", "LEGACY_DB", "LEGACY_USER", "LEGACY_PASSWORD", "ENGINE_HOST",
            "ENGINE_PORT", "ENGINE_DB", "ENGINE_USER", "ENGINE_PASSWORD", "KAFKA_BOOTSTRAP"})
    void aMissingKeyIsNamedWithTheFile(String key) {
        List<String> lines = WRITTEN_BY_STACK.stream().filter(line -> !line.startsWith(key + "=")).toList();

        assertThatThrownBy(() -> EndpointsFile.parse(FILE, lines))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("endpoints file /tmp/endpoints.env has no value for " + key + " (expected keys:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "70000", ""})
    void anInvalidPortIsRejectedWithTheValidRange(String port) {
        List<String> lines = WRITTEN_BY_STACK.stream()
                .map(line -> line.startsWith("ENGINE_PORT=") ? "ENGINE_PORT=" + port : line).toList();

        assertThatThrownBy(() -> EndpointsFile.parse(FILE, lines))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ENGINE_PORT")
                .hasMessageContaining(port.isEmpty() ? "has no value" : "'" + port + "' (valid: a port number from 1 to 65535)");
    }

    @Test
    void aLineWithoutEqualsSignIsReportedWithItsNumber() {
        List<String> lines = new ArrayList<>(WRITTEN_BY_STACK);
        lines.add(1, "export");

        assertThatThrownBy(() -> EndpointsFile.parse(FILE, lines))
                .hasMessage("endpoints file /tmp/endpoints.env, line 2: expected KEY=value, found 'export'");
    }

    @Test
    void aMissingFileSaysHowToGetOne(@TempDir Path dir) {
        assertThatThrownBy(() -> EndpointsFile.read(dir.resolve("nope.env")))
                .hasMessageContaining("nope.env does not exist")
                .hasMessageContaining("./tandem up");
    }
}
