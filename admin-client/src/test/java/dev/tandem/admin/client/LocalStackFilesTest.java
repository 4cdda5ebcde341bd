package dev.tandem.admin.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the CLI, the demo and the benchmarks find the local stack's instances and operator token. */
class LocalStackFilesTest {

    @TempDir
    Path stateDir;

    @Test
    void endpointsAreReadFromTheStackFileAndMissingOnesAreEmpty() throws IOException {
        Files.writeString(stateDir.resolve("endpoints.env"),
                "LEGACY_PORT=33306\nORCHESTRATOR_URLS=http://127.0.0.1:8080,http://127.0.0.1:8081\nEMPTY=\n");

        assertThat(LocalStackFiles.endpoint(stateDir, "ORCHESTRATOR_URLS")).contains("http://127.0.0.1:8080,http://127.0.0.1:8081");
        assertThat(LocalStackFiles.endpoint(stateDir, "ORCHESTRATOR_URL")).isEmpty();
        assertThat(LocalStackFiles.endpoint(stateDir, "EMPTY")).isEmpty();
        assertThat(LocalStackFiles.endpoint(stateDir.resolve("nowhere"), "LEGACY_PORT")).isEmpty();
    }

    @Test
    void aGivenTokenFileWinsOverTheEnvironmentWhichWinsOverTheStackFile() throws IOException {
        Files.writeString(stateDir.resolve("admin-token"), "from-the-stack\n");
        Path given = Files.writeString(stateDir.resolve("given"), "  from-the-file  \nsecond line\n");
        Map<String, String> env = Map.of(LocalStackFiles.TOKEN_ENV, " from-the-env ");

        assertThat(LocalStackFiles.adminToken(given, stateDir, env)).contains("from-the-file");
        assertThat(LocalStackFiles.adminToken(null, stateDir, env)).contains("from-the-env");
        assertThat(LocalStackFiles.adminToken(null, stateDir, Map.of(LocalStackFiles.TOKEN_ENV, " "))).contains("from-the-stack");
    }

    @Test
    void noTokenAnywhereIsEmptyAndNamesTheFileLookedAt() throws IOException {
        Files.writeString(stateDir.resolve("admin-token"), "\n");

        assertThat(LocalStackFiles.adminToken(null, stateDir, Map.of())).isEmpty();
        assertThat(LocalStackFiles.tokenSource(null, stateDir)).isEqualTo(stateDir.resolve("admin-token"));
    }
}
