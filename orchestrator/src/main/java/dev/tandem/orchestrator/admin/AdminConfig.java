package dev.tandem.orchestrator.admin;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Who may use the admin API and the token store API ({@code tandem.admin.*}). */
@ConfigMapping(prefix = "tandem.admin")
public interface AdminConfig {

    /**
     * The bearer tokens of the admin API and the store API ({@code /v1}), as a comma-separated list of
     * {@code name:role:sha256hex}: the name is what the audit records as the actor, the role is
     * {@code viewer} (admin reads), {@code service} (the store API only: give each calling service its own
     * name) or {@code operator} (everything), and the last part is the SHA-256 of the token in hex. Only
     * hashes belong here, never a token. Optional: without it, every admin and store request is refused 401.
     */
    Optional<List<String>> tokens();
}
