package dev.tandem.orchestrator.admin;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Who may use the admin API ({@code tandem.admin.*}). */
@ConfigMapping(prefix = "tandem.admin")
public interface AdminConfig {

    /**
     * The admin API's bearer tokens, as a comma-separated list of {@code name:role:sha256hex}: the
     * name is what the audit records as the actor, the role is {@code viewer} (reads) or
     * {@code operator} (reads and changes), and the last part is the SHA-256 of the token in hex.
     * Only hashes belong here, never a token. Optional: without it, every admin request is refused 401.
     */
    Optional<List<String>> tokens();
}
