package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenRecord;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.Optional;

/**
 * What the grants need of the migrating store, by token id; {@link MirroredGrantStore} is the one
 * implementation (the write path and the read path of the phases), tests use a map.
 */
public interface GrantStore {

    /** The token as the phase's read path serves it (revoked ones included); empty when unknown or deleted. */
    Uni<Optional<TokenRecord>> find(String id);

    /** Writes a new token; answers what is stored. */
    Uni<TokenRecord> write(TokenRecord record);

    /** The atomic compare-and-set of a one-time token: present only for the one caller that consumed it. */
    Uni<Optional<TokenRecord>> consume(String id, Instant at);

    Uni<Optional<TokenRecord>> revoke(String id, Instant at);

    /** Revokes every token of a grant in both stores. */
    Uni<Integer> revokeFamily(String familyId, Instant at);
}
