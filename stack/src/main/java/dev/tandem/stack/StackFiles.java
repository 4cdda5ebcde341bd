package dev.tandem.stack;

import dev.tandem.stack.server.MariaDb;
import dev.tandem.stack.server.Ports;
import dev.tandem.stack.server.Postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The files a stack directory holds besides the servers' own: ports.env (the ports of the last up, so
 * that down and status need none) and endpoints.env (what clients read; the test harness's EndpointsFile
 * and ./tandem parse it, so its format stays exactly this).
 */
public final class StackFiles {

    private StackFiles() {
    }

    public static Path endpointsFile(Path dir) {
        return dir.resolve("endpoints.env");
    }

    static Path portsFile(Path dir) {
        return dir.resolve("ports.env");
    }

    public static String endpoints(Ports ports) {
        return "LEGACY_HOST=127.0.0.1\n"
                + "LEGACY_PORT=" + ports.legacy() + "\n"
                + "LEGACY_DB=" + MariaDb.DB + "\n"
                + "LEGACY_USER=" + MariaDb.USER + "\n"
                + "LEGACY_PASSWORD=" + MariaDb.PASSWORD + "\n"
                + "ENGINE_HOST=127.0.0.1\n"
                + "ENGINE_PORT=" + ports.engine() + "\n"
                + "ENGINE_DB=" + Postgres.DB + "\n"
                + "ENGINE_USER=" + Postgres.USER + "\n"
                + "ENGINE_PASSWORD=" + Postgres.PASSWORD + "\n"
                + "KAFKA_BOOTSTRAP=127.0.0.1:" + ports.kafka() + "\n";
    }

    /** Written beside and moved over: a reader never sees half a file. */
    static void writeEndpoints(Path dir, Ports ports) {
        Path tmp = dir.resolve("endpoints.env.tmp");
        try {
            Files.writeString(tmp, endpoints(ports));
            Files.move(tmp, endpointsFile(dir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + endpointsFile(dir), e);
        }
    }

    static void writePorts(Path dir, Ports ports) {
        try {
            Files.writeString(portsFile(dir), "LEGACY_PORT=" + ports.legacy() + "\nENGINE_PORT=" + ports.engine()
                    + "\nKAFKA_PORT=" + ports.kafka() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + portsFile(dir), e);
        }
    }

    /** The ports of the last up in {@code dir}, each empty when not recorded. */
    static SavedPorts savedPorts(Path dir) {
        Path file = portsFile(dir);
        List<String> lines;
        try {
            lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new SavedPorts(value(lines, "LEGACY_PORT"), value(lines, "ENGINE_PORT"), value(lines, "KAFKA_PORT"));
    }

    private static OptionalInt value(List<String> lines, String key) {
        Optional<String> found = lines.stream().filter(line -> line.startsWith(key + "=")).findFirst()
                .map(line -> line.substring(key.length() + 1).strip());
        return found.filter(text -> text.matches("[0-9]{1,5}")).map(text -> OptionalInt.of(Integer.parseInt(text)))
                .orElse(OptionalInt.empty());
    }

    record SavedPorts(OptionalInt legacy, OptionalInt engine, OptionalInt kafka) {
    }
}
