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
 * <p>A delete leaves a tombstone (a record with {@link TokenRecord#deleted()} set, at the delete's
 * version), so that an older write arriving afterwards (a mirror write that timed out but still
 * committed, a backfill chunk read before the delete, a stale repair copy) merges into the tombstone
 * and cannot bring the token back. Tombstones are kept until the token has expired, plus a margin
 * ({@link #purgeTombstones}). {@link #find} never answers a tombstone; {@link #lookup},
 * {@link #scan} and upserts do, because the merge needs them.
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

    /**
     * Throws {@link InvalidTokenRecordException}, without I/O, when this store cannot hold
     * {@code record} (a column's range or size); nothing when it can. A mirrored write asks every
     * store it will write before it writes any, so that no record reaches one store that another
     * must refuse.
     */
    default void requireStorable(TokenRecord record) {
    }

    /** Inserts, or merges into the stored record by {@link TokenRecord#mergedWith}. A token's kind never changes. */
    Uni<UpsertResult> upsert(TokenRecord record);

    /** What the store holds for the id, a tombstone included. */
    Uni<Optional<TokenRecord>> lookup(String id);

    /** The token, if the store holds it and it is not deleted: what a read may serve. */
    default Uni<Optional<TokenRecord>> find(String id) {
        return lookup(id).map(stored -> stored.filter(record -> !record.deleted()));
    }

    /**
     * Revokes one token at {@code revokedAt}; revoking a revoked token keeps the earlier time.
     * Answers the stored record afterwards (a tombstone is revoked too: revocation is a register of
     * its own); empty when the store does not hold the id.
     *
     * <p>A revocation carries no version and never changes the stored one: revocation time is a
     * register of its own that only ever goes down. Were a revocation to raise the version, it would
     * not commute with an upsert whose version lies between the two, and two stores seeing both in
     * different orders could end with different fields.
     */
    Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt);

    /**
     * Consumes a one-time token (an authorization code): revokes it at {@code consumedAt} only if it
     * is live and not yet revoked, in one atomic compare-and-set in the store (never read, then
     * write). Answers the consumed record, revoked, when this call consumed it; empty when the store
     * does not hold it, holds it deleted, or it was consumed or revoked before, so that of two
     * concurrent redemptions exactly one is answered. Like {@link #revoke}, it keeps the version.
     */
    Uni<Optional<TokenRecord>> consume(String id, Instant consumedAt);

    /** Revokes every token of a refresh chain, as {@link #revoke}; answers how many were not revoked before. */
    Uni<Integer> revokeFamily(String familyId, Instant revokedAt);

    /**
     * Every record of the refresh chain {@code familyId}, tombstones included, in id order: what a
     * family revocation in one store carries into the other, so that a member the other store does
     * not hold yet (not backfilled) arrives there revoked, not later as a stale usable copy.
     */
    Uni<List<TokenRecord>> family(String familyId);

    /**
     * Deletes a token by turning its live record into a tombstone at {@code version}, unless the
     * store holds a newer version (a delete must not remove a write that came after it); a tombstone
     * stays as it is. Answers what the store holds afterwards: the tombstone (of this delete, or of an
     * earlier one), the newer record the delete lost to, or empty when it holds nothing for the id (a store that never saw the token cannot make its tombstone; the
     * writer upserts the other store's tombstone into it instead).
     */
    Uni<Optional<TokenRecord>> delete(String id, long version);

    /**
     * Removes up to {@code limit} tombstones of tokens that expired before {@code expiredBefore};
     * answers how many. Once a token has expired, a stale write that brings its record back is
     * harmless (no read accepts an expired token), so the tombstone has done its work.
     */
    Uni<Integer> purgeTombstones(Instant expiredBefore, int limit);

    /** Up to {@code limit} records, tombstones included, with ids greater than {@code afterId} (null: from the start), in id order. */
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
