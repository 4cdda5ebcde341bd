package dev.tandem.launcher.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell bootstrap (launcher/bootstrap.sh, which ./tandem and stack/stack.sh source) lists the modules
 * each of its Java entry points is built from, to know when to rebuild. A list that misses a module
 * would run a stale build after an edit there: each must name exactly what the poms say.
 */
class BootstrapModulesTest {

    private static final Path ROOT = Path.of(System.getProperty("tandemtest.repo.root", "..")).toAbsolutePath().normalize();
    private static final Pattern ENTRY = Pattern.compile("\\[([a-z-]+)]=\"([a-z -]+)\"");

    @Test
    void eachEntryPointIsRebuiltWhenAnyModuleItIsBuiltFromChanges() throws IOException {
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(Files.readString(ROOT.resolve("launcher/bootstrap.sh")));
        while (entry.find()) {
            listed.put(entry.group(1), Set.of(entry.group(2).strip().split(" +")));
        }

        assertThat(listed).containsOnlyKeys("stack", "cli", "launcher");
        ModuleGraph graph = new ModuleGraph(ROOT);
        listed.forEach((module, modules) -> assertThat(modules).as("BUILT_FROM[%s] in launcher/bootstrap.sh", module)
                .containsExactlyInAnyOrderElementsOf(graph.closure(module)));
    }

    @Test
    void aModuleIsBuiltFromItsCompileDependenciesNotItsTestOnes() {
        ModuleGraph graph = new ModuleGraph(ROOT);

        // The CLI's tests use the test harness and the legacy adapter; its build does not.
        assertThat(graph.closure("cli")).containsExactlyInAnyOrder("cli", "admin-client", "command-line");
        assertThat(graph.sources("stack")).contains(ROOT.resolve("pom.xml"), ROOT.resolve("stack/src/main"),
                ROOT.resolve("command-line/src/main")).doesNotContain(ROOT.resolve("test-harness/src/main"));
        assertThat(graph.closure("orchestrator")).contains("token-model", "checker-contract", "backfill")
                .doesNotContain("consistency-checker", "seeder", "bench", "test-harness");
        assertThat(List.copyOf(graph.closure("demo")).get(0)).isEqualTo("demo");
    }
}
