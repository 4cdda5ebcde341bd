package dev.tandem.launcher.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local stack's operator token, in {@code STATE_DIR/admin-token} (mode 600): 256 random bits, hex.
 * The CLI, the demo and the benchmarks read the file; the orchestrator only ever sees its SHA-256.
 */
public final class AdminToken {

    /** The name the token has in the orchestrator's audit. */
    public static final String NAME = "oncall";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    public AdminToken(Path stateDir) {
        this.file = stateDir.resolve("admin-token");
    }

    public Path file() {
        return file;
    }

    /** Creates the token unless there is one; whether it did. Written beside and moved over, mode 600 from the start. */
    public boolean ensure() {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return false;
            }
            Path tmp = Files.createTempFile(file.getParent(), "admin-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The SHA-256 of the token (its first line, trimmed), in hex: what the orchestrator is configured with. */
    public String sha256() {
        try {
            String token = Files.readAllLines(file).get(0).strip();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
