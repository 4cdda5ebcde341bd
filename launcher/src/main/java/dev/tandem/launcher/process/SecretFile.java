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
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * A secret of the local stack, made on first use: 256 random bits in a file of the state directory
 * (mode 600). The operator token ({@code admin-token}, hex) is read by the CLI, the demo and the
 * benchmarks; the orchestrator only ever sees its SHA-256. The signing keys' key-encryption key
 * ({@code signing-key-encryption-key}, base64) reaches the instances in their environment, never on argv.
 */
public final class SecretFile {

    /** The name the operator token has in the orchestrator's audit. */
    public static final String ADMIN_TOKEN_NAME = "oncall";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Function<byte[], String> encoding;

    private SecretFile(Path file, Function<byte[], String> encoding) {
        this.file = file;
        this.encoding = encoding;
    }

    public static SecretFile adminToken(Path stateDir) {
        return new SecretFile(stateDir.resolve("admin-token"), HexFormat.of()::formatHex);
    }

    /** What {@code tandem.oauth.signing.key-encryption-key} takes: 32 bytes, base64. */
    public static SecretFile signingKeyEncryptionKey(Path stateDir) {
        return new SecretFile(stateDir.resolve("signing-key-encryption-key"), Base64.getEncoder()::encodeToString);
    }

    public Path file() {
        return file;
    }

    /** Creates the secret unless there is one; whether it did. Written beside and moved over, mode 600 from the start. */
    public boolean ensure() {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return false;
            }
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            Files.writeString(tmp, encoding.apply(bytes) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The secret: the file's first line, trimmed. */
    public String value() {
        try {
            return Files.readAllLines(file).get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The SHA-256 of the secret, in hex: what the orchestrator is configured with for the operator token. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
