package dev.tandem.stack.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The Debian packages the stack needs, by the command (or absolute path) each provides. As root the
 * missing ones are installed with apt-get; otherwise they are named, with the command that installs them.
 */
public final class Packages {

    private Packages() {
    }

    static Map<String, String> requiredCommands(String postgresBin) {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("mariadbd", "mariadb-server");
        commands.put("mariadb-install-db", "mariadb-server");
        commands.put("mariadb", "mariadb-client");
        commands.put("mariadb-admin", "mariadb-client");
        commands.put(postgresBin + "/initdb", "postgresql-15");
        commands.put(postgresBin + "/pg_ctl", "postgresql-15");
        commands.put(postgresBin + "/postgres", "postgresql-15");
        commands.put(postgresBin + "/psql", "postgresql-client-15");
        commands.put("java", "openjdk-17-jdk-headless");
        commands.put("javac", "openjdk-17-jdk-headless");
        commands.put("flock", "util-linux");
        commands.put("setsid", "util-linux");
        if (Host.isRoot()) {
            commands.put("runuser", "util-linux");
        }
        return commands;
    }

    /** The missing packages, sorted, without repeats. */
    public static List<String> missing(String postgresBin) {
        TreeSet<String> missing = new TreeSet<>();
        requiredCommands(postgresBin).forEach((command, pkg) -> {
            if (Host.find(command).isEmpty()) {
                missing.add(pkg);
            }
        });
        return List.copyOf(missing);
    }

    /**
     * Installs what is missing when we may (root), else fails naming the packages; {@code say} tells of an
     * installation. Answers why the stack cannot run, or empty when everything is there.
     */
    public static Optional<String> ensure(String postgresBin, Consumer<String> say) {
        List<String> missing = missing(postgresBin);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String names = String.join(" ", missing);
        if (!Host.isRoot()) {
            return Optional.of("missing Debian packages: " + names + " (install them with: sudo apt-get install -y " + names + ")");
        }
        say.accept("installing missing Debian packages: " + names);
        // Waits for the dpkg lock: another stack (a parallel test JVM) or apt run may hold it.
        List<String> apt = List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "-q");
        if (!apt(apt, List.of("update"))) {
            return Optional.of("apt-get update failed");
        }
        List<String> install = new ArrayList<>(List.of("install", "-y", "--no-install-recommends"));
        install.addAll(missing);
        if (!apt(apt, install)) {
            return Optional.of("apt-get install -y " + names + " failed");
        }
        List<String> still = missing(postgresBin);
        return still.isEmpty() ? Optional.empty() : Optional.of("still missing after apt-get install: " + String.join(" ", still));
    }

    private static boolean apt(List<String> apt, List<String> arguments) {
        List<String> command = new ArrayList<>(apt);
        command.addAll(arguments);
        return Command.of(command).withEnvironment("DEBIAN_FRONTEND", "noninteractive").showingErrors().succeeds();
    }
}
