package dev.tandem.launcher.process;

import dev.tandem.launcher.Home;
import dev.tandem.launcher.LaunchException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a tool's main (the seeder, the demo, a benchmark) in a JVM of its own on its module's build, with
 * our terminal: its output, exit code and Ctrl-C are the user's, as if they had run it themselves.
 */
public final class Mains {

    private Mains() {
    }

    /** {@code main} of {@code module}, run from {@code target/classes} and {@code target/runtime.classpath}. */
    public static int run(Home home, String module, String main, List<String> args, Map<String, String> environment) {
        return run(home, module, main, args, environment, false);
    }

    /** As {@link #run(Home, String, String, List, Map)}; with {@code toStderr}, its standard output goes to our stderr. */
    public static int run(Home home, String module, String main, List<String> args, Map<String, String> environment,
                          boolean toStderr) {
        Path classpathFile = home.module(module, "target/runtime.classpath");
        String classpath;
        try {
            classpath = home.module(module, "target/classes") + ":" + Files.readString(classpathFile).strip();
        } catch (IOException e) {
            throw new LaunchException(classpathFile + " is missing: the build did not produce it");
        }
        return java(home, classpath, main, args, environment, toStderr);
    }

    /** {@code main} on {@code classpath}, in the repository's root. */
    public static int java(Home home, String classpath, String main, List<String> args, Map<String, String> environment,
                           boolean toStderr) {
        List<String> command = new ArrayList<>(List.of(Orchestrators.java(), "-cp", classpath, main));
        command.addAll(args);
        return command(home, command, environment, toStderr);
    }

    /** Any {@code command}, in the repository's root, with our terminal; its exit code. */
    public static int command(Home home, List<String> command, Map<String, String> environment, boolean toStderr) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.root().toFile()).inheritIO();
        if (toStderr) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("/dev/stderr").toFile()));
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            // The child is ours to stop with us: a Ctrl-C reaches it through the terminal, a TERM to us here.
            Thread stop = new Thread(process::destroy);
            Runtime.getRuntime().addShutdownHook(stop);
            int exit = process.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while " + String.join(" ", command) + " ran");
        }
    }
}
