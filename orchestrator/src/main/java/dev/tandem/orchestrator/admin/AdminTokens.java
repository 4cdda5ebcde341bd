package dev.tandem.orchestrator.admin;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin tokens of {@code tandem.admin.tokens}, known by their SHA-256 only. A presented token
 * is hashed and compared with every known hash in constant time, so neither the config nor the
 * timing of a refusal tells anything about a token. Bad entries stop the start with a message that
 * names the entry but never echoes its hash field (it might be a token pasted by mistake).
 */
@Startup
@ApplicationScoped
public class AdminTokens {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private record Known(AdminIdentity identity, byte[] hash) {
    }

    private final List<Known> known;

    @Inject
    public AdminTokens(AdminConfig config) {
        this(config.tokens().orElse(List.of()));
    }

    AdminTokens(List<String> entries) {
        known = parse(entries);
    }

    /** The identity whose token hashes to the same SHA-256 as {@code token}, if any. */
    public Optional<AdminIdentity> authenticate(String token) {
        byte[] presented = sha256(token);
        AdminIdentity match = null;
        // No early exit: every refusal and every acceptance takes the same comparisons.
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.hash(), presented)) {
                match = candidate.identity();
            }
        }
        return Optional.ofNullable(match);
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The SHA-256 of a token in lower-case hex, as {@code tandem.admin.tokens} wants it. */
    public static String hashOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static List<Known> parse(List<String> entries) {
        List<Known> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            String where = "tandem.admin.tokens entry " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " has " + parts.length + " part(s) separated by ':'"
                        + " (valid: name:role:sha256hex, e.g. alice:operator:<64 hex characters>)");
            }
            String name = parts[0];
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": name \"" + name + "\" is invalid"
                        + " (valid: 1 to 64 of letters, digits and . _ @ -)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + ": name \"" + name + "\" is used twice (valid: unique names)");
            }
            AdminRole role;
            try {
                role = AdminRole.parse(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (" + name + "): role " + e.getMessage());
            }
            if (!SHA256_HEX.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException(where + " (" + name + "): the hash has " + parts[2].length()
                        + " characters or non-hex ones (valid: the SHA-256 of the token as 64 hex characters;"
                        + " never the token itself)");
            }
            parsed.add(new Known(new AdminIdentity(name, role), HexFormat.of().parseHex(parts[2].toLowerCase())));
        }
        return List.copyOf(parsed);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
