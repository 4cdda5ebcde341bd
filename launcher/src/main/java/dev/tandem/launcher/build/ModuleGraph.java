package dev.tandem.launcher.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the repository's modules a module is built from, read from the poms: its own Tandem
 * dependencies (test scope left out), theirs, and so on. A build is stale when a file of any of them
 * changed; reading the poms keeps that list from drifting from what Maven builds.
 */
public final class ModuleGraph {

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern TANDEM_ARTIFACT = Pattern.compile(
            "<groupId>dev\\.tandem</groupId>\\s*<artifactId>([^<]+)</artifactId>");
    private static final Pattern TEST_SCOPE = Pattern.compile("<scope>test</scope>");

    private final Path root;

    public ModuleGraph(Path root) {
        this.root = root;
    }

    /** {@code module} and every module it depends on at compile or runtime scope, each once. */
    public Set<String> closure(String module) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(List.of(module));
        while (!queue.isEmpty()) {
            String next = queue.remove(0);
            if (seen.add(next)) {
                queue.addAll(dependencies(next));
            }
        }
        return seen;
    }

    /** The files a change to which makes {@code module} stale: the parent pom, each module's pom and main sources. */
    public List<Path> sources(String module) {
        List<Path> sources = new ArrayList<>(List.of(root.resolve("pom.xml")));
        for (String name : closure(module)) {
            sources.add(root.resolve(name).resolve("pom.xml"));
            sources.add(root.resolve(name).resolve("src/main"));
        }
        return sources;
    }

    List<String> dependencies(String module) {
        Path pom = root.resolve(module).resolve("pom.xml");
        String text;
        try {
            text = Files.readString(pom);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
        // A module's own dependencies only: the dependencyManagement of the parent is not this pom's.
        int management = text.indexOf("<dependencyManagement>");
        if (management >= 0) {
            text = text.substring(0, management) + text.substring(text.indexOf("</dependencyManagement>"));
        }
        List<String> names = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(text);
        while (dependency.find()) {
            Matcher artifact = TANDEM_ARTIFACT.matcher(dependency.group(1));
            if (artifact.find() && !TEST_SCOPE.matcher(dependency.group(1)).find()
                    && Files.isRegularFile(root.resolve(artifact.group(1)).resolve("pom.xml"))) {
                names.add(artifact.group(1));
            }
        }
        return names;
    }
}
