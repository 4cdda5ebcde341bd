package dev.tandem.model;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The port every token store implements. All writes are conditional on versions and follow
 * {@link TokenRecord#mergedWith}: a write applies only when it is newer than what the store holds,
 * except that a revocation always sticks. So two stores that see the same writes in any order end
 * equal, and no write makes a revoked token usable again.
 *
 * <p>Failures arrive as {@link TokenStoreException}; invalid input as
 * {@link InvalidTokenRecordException}, before anything is written.
 */
public interface TokenStore {

    /** A short name for logs and metrics: {@code legacy} or {@code engine}. */
    String name();

    /**
     * Fields this store cannot hold exactly. Comparisons with this store look at their
     * {@linkplain TokenField#coarse coarse} form; a round trip through the store keeps the rest.
     */
    Set<TokenField> approximatedFields();

    /** Inserts, or merges into the stored record by {@link TokenRecord#mergedWith}. A token's kind never changes. */
    Uni<UpsertResult> upsert(TokenRecord record);

    Uni<Optional<TokenRecord>> find(String id);

    /**
     * Revokes one token at {@code revokedAt}; revoking a revoked token keeps the earlier time.
     * Empty when the store does not hold the id.
     *
     * <p>A revocation carries no version and never changes the stored one: revocation time is a
     * register of its own that only ever goes down. Were a revocation to raise the version, it would
     * not commute with an upsert whose version lies between the two, and two stores seeing both in
     * different orders could end with different fields.
     */
    Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt);

    /** Revokes every token of a refresh chain, as {@link #revoke}; answers how many were not revoked before. */
    Uni<Integer> revokeFamily(String familyId, Instant revokedAt);

    /**
     * Deletes a token unless the store holds a newer version than {@code version} (a delete must not
     * remove a write that came after it). Answers whether a row was deleted.
     */
    Uni<Boolean> delete(String id, long version);

    /** Up to {@code limit} records with ids greater than {@code afterId} (null: from the start), in id order. */
    Uni<List<TokenRecord>> scan(String afterId, int limit);

    /** Every record in id order, in chunks of at most {@code chunkSize}; each record exactly once if nothing writes meanwhile. */
    default Multi<List<TokenRecord>> scanChunks(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        return Multi.createBy().repeating()
                .uni(() -> new String[1], last -> scan(last[0], chunkSize)
                        .invoke(chunk -> last[0] = chunk.isEmpty() ? last[0] : chunk.get(chunk.size() - 1).id()))
                .whilst(chunk -> chunk.size() == chunkSize)
                .filter(chunk -> !chunk.isEmpty());
    }
}
