package dev.tandem.launcher.build;

import dev.tandem.launcher.LaunchException;
import dev.tandem.stack.server.Output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the modules a command runs when they were never built here, their artifact is gone
 * ({@code mvn clean}), or a file they are built from is newer than their last build: one Maven run,
 * {@code package} (not {@code install}: the reactor resolves its own modules, and nothing lands in
 * ~/.m2). Each module's stamp then takes the time the build started, so that an edit made during the
 * build still counts as newer.
 */
public final class Build {

    /** A module and the file whose presence says it was built (its jar, or the classpath file its run needs). */
    public record Target(String module, String artifact) {
        public static final Target ORCHESTRATOR = new Target("orchestrator", "target/quarkus-app/quarkus-run.jar");
        public static final Target CHECKER = new Target("consistency-checker", "target/runtime.classpath");
        public static final Target SEEDER = new Target("seeder", "target/runtime.classpath");
        public static final Target DEMO = new Target("demo", "target/runtime.classpath");
        public static final Target BENCH = new Target("bench", "target/bench.jar");
    }

    private final Path root;
    private final ModuleGraph graph;
    private final Output output;

    public Build(Path root, Output output) {
        this.root = root;
        this.graph = new ModuleGraph(root);
        this.output = output;
    }

    public boolean stale(Target target) {
        Path stamp = stamp(target);
        if (!Files.isRegularFile(stamp) || !Files.exists(root.resolve(target.module()).resolve(target.artifact()))) {
            return true;
        }
        FileTime built = modified(stamp);
        return graph.sources(target.module()).stream().anyMatch(source -> newerThan(source, built));
    }

    /** Builds those of {@code targets} that are stale, in one Maven run; nothing when none is. */
    public void ensure(List<Target> targets) {
        List<Target> stale = targets.stream().filter(this::stale).toList();
        if (stale.isEmpty()) {
            return;
        }
        String modules = String.join(",", stale.stream().map(Target::module).toList());
        output.say("build", "building " + modules + " with Maven (first use, or sources changed); this can take a few minutes");
        long start = System.nanoTime();
        Instant started = Instant.now();
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-DskipTests",
                "package", "-pl", modules, "-am"));
        int exit = run(command);
        if (exit != 0) {
            throw new LaunchException("the build failed (run ./mvnw -B -DskipTests package -pl " + modules
                    + " -am to see why)");
        }
        for (Target target : stale) {
            touch(stamp(target), started);
        }
        output.say("build", "built " + modules + " in " + Output.secondsSince(start) + "s");
    }

    /** Maven's output to our stderr: on stdout it would mix with a command's JSON. */
    private int run(List<String> command) {
        try {
            Process maven = new ProcessBuilder(command).directory(root.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/dev/stderr").toFile()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            return maven.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while building");
        }
    }

    private Path stamp(Target target) {
        return root.resolve(target.module()).resolve("target/tandem-build.stamp");
    }

    private static boolean newerThan(Path source, FileTime time) {
        if (!Files.exists(source)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(source)) {
            return files.anyMatch(file -> modified(file).compareTo(time) > 0);
        } catch (IOException e) {
            return true;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static void touch(Path file, Instant time) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setLastModifiedTime(file, FileTime.from(time));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
