package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthTokenEntity;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.UpsertResult;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The new engine's {@link TokenStore}: PostgreSQL through plain Hibernate Reactive. Every write is
 * one statement that merges in the database exactly as {@link TokenRecord#mergedWith} does in
 * Java, so concurrent writers need no lock and no read-modify-write round trip: PostgreSQL's
 * row lock on the conflicting key serializes them, and whatever the order, the row ends as the
 * merge of all of them.
 *
 * <p>The session factory is passed in: Quarkus injects its own in the application,
 * {@link EngineSessionFactory#standalone} builds one elsewhere. The store does not close it.
 */
public class EngineTokenStore implements TokenStore {
    public static final String NAME = "engine";

    /**
     * The merge, in SQL, after an {@code INSERT INTO oauth_token AS t}. Fields follow the higher
     * version, the tombstone mark among them; revocation takes the earlier time and is never cleared (LEAST ignores NULL); the kind
     * never changes. The WHERE clause lets the update happen only when it changes the row, so "a row
     * came back" means "applied" and a replay writes nothing (nor a CDC event).
     */
    static final String MERGE = """
            ON CONFLICT (id) DO UPDATE SET
                client_id = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.client_id ELSE t.client_id END,
                subject = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.subject ELSE t.subject END,
                scopes = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.scopes ELSE t.scopes END,
                issued_at = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.issued_at ELSE t.issued_at END,
                expires_at = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.expires_at ELSE t.expires_at END,
                family_id = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.family_id ELSE t.family_id END,
                code_challenge = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.code_challenge ELSE t.code_challenge END,
                code_challenge_method = CASE WHEN EXCLUDED.version > t.version
                    THEN EXCLUDED.code_challenge_method ELSE t.code_challenge_method END,
                deleted = CASE WHEN EXCLUDED.version > t.version THEN EXCLUDED.deleted ELSE t.deleted END,
                revoked_at = LEAST(t.revoked_at, EXCLUDED.revoked_at),
                signing_key_id = COALESCE(t.signing_key_id, EXCLUDED.signing_key_id),
                version = GREATEST(t.version, EXCLUDED.version)
            WHERE t.kind = EXCLUDED.kind
              AND (EXCLUDED.version > t.version
                   OR (EXCLUDED.revoked_at IS NOT NULL AND (t.revoked_at IS NULL OR EXCLUDED.revoked_at < t.revoked_at)))
            """;

    /** One record, merged by {@link #MERGE}, which {@link EngineBatchUpsert} shares: one definition of the merge. */
    static final String UPSERT = """
            INSERT INTO oauth_token AS t (id, kind, client_id, subject, scopes, issued_at, expires_at, revoked_at,
                family_id, code_challenge, code_challenge_method, signing_key_id, deleted, version)
            VALUES (:id, :kind, :clientId, :subject, :scopes, :issuedAt, :expiresAt, :revokedAt,
                :familyId, :codeChallenge, :codeChallengeMethod, :signingKeyId, :deleted, :version)
            """ + MERGE + "RETURNING *";

    /** A revocation only lowers the revocation time; it never moves the version (see TokenStore#revoke). */
    static final String REVOKE = """
            UPDATE oauth_token
            SET revoked_at = LEAST(revoked_at, :revokedAt)
            WHERE id = :id AND (revoked_at IS NULL OR revoked_at > :revokedAt)
            RETURNING *""";

    /** A consume is a compare-and-set: only a live, unrevoked row changes, so one of two concurrent consumes wins. */
    static final String CONSUME = """
            UPDATE oauth_token SET revoked_at = :consumedAt
            WHERE id = :id AND revoked_at IS NULL AND NOT deleted
            RETURNING *""";

    /** First half of a family revocation: the rows that were usable; their count is the answer. */
    static final String REVOKE_FAMILY_USABLE = """
            UPDATE oauth_token
            SET revoked_at = :revokedAt
            WHERE family_id = :familyId AND revoked_at IS NULL""";

    /** Second half: rows revoked before, which keep the earlier time. */
    static final String REVOKE_FAMILY_REVOKED = """
            UPDATE oauth_token
            SET revoked_at = :revokedAt
            WHERE family_id = :familyId AND revoked_at > :revokedAt""";

    /**
     * A delete turns the live row into a tombstone at the delete's version, unless a newer write holds
     * it; a tombstone stays as it is (what was deleted is not deleted again, and a replay changes
     * nothing, nor makes a change event). The row lock serializes it with every upsert of the id.
     * Tombstones reach the other store as upserts, which merge by version.
     */
    static final String DELETE = """
            UPDATE oauth_token SET deleted = true, version = :version
            WHERE id = :id AND version <= :version AND NOT deleted
            RETURNING *""";

    /** Oldest expiry first, a bounded batch per statement, so that a purge never holds many row locks. */
    static final String PURGE_TOMBSTONES = """
            DELETE FROM oauth_token WHERE id IN (
                SELECT id FROM oauth_token WHERE deleted AND expires_at < :expiredBefore
                ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)""";

    private final Mutiny.SessionFactory sessions;
    private final EngineErrorClassifier errors = new EngineErrorClassifier(NAME);

    public EngineTokenStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** None: every field of the canonical record has a column of its own type. */
    @Override
    public Set<TokenField> approximatedFields() {
        return Set.of();
    }

    @Override
    public Uni<UpsertResult> upsert(TokenRecord record) {
        return upsert(record, null);
    }

    /**
     * {@link #upsert(TokenRecord)} for an access token this engine signed: also records the kid of
     * the signing key. A kid, once stored, stays; a write without one (a mirror, a backfill) keeps it.
     */
    public Uni<UpsertResult> upsert(TokenRecord record, String signingKeyId) {
        if (record == null) {
            return Uni.createFrom().failure(new InvalidTokenRecordException("record", "is required"));
        }
        return run("upsert", () -> sessions.withStatelessSession(session -> session
                .createNativeQuery(UPSERT, OAuthTokenEntity.class)
                .setParameter("id", record.id())
                .setParameter("kind", record.kind().wireName())
                .setParameter("clientId", record.clientId())
                .setParameter("subject", record.subject())
                .setParameter("scopes", TokenRecordMapping.scopeArray(record))
                .setParameter("issuedAt", record.issuedAt())
                .setParameter("expiresAt", record.expiresAt())
                .setParameter("revokedAt", record.revokedAt())
                .setParameter("familyId", record.familyId())
                .setParameter("codeChallenge", record.codeChallenge())
                .setParameter("codeChallengeMethod",
                        record.codeChallengeMethod() == null ? null : record.codeChallengeMethod().wireName())
                .setParameter("signingKeyId", signingKeyId)
                .setParameter("deleted", record.deleted())
                .setParameter("version", record.version())
                .getSingleResultOrNull()
                .chain(row -> row != null
                        ? Uni.createFrom().item(new UpsertResult(true, TokenRecordMapping.toRecord(row)))
                        // Nothing changed: the stored record is newer, equal, or of another kind.
                        : session.get(OAuthTokenEntity.class, record.id())
                                .map(stored -> new UpsertResult(false, TokenRecordMapping.toRecord(stored))))));
    }

    @Override
    public Uni<Optional<TokenRecord>> lookup(String id) {
        return run("find", () -> {
            TokenId.requireValid("id", id);
            return sessions.withStatelessSession(session -> session.get(OAuthTokenEntity.class, id))
                    .map(row -> Optional.ofNullable(row).map(TokenRecordMapping::toRecord));
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt) {
        return run("revoke", () -> {
            TokenId.requireValid("id", id);
            Instant at = requireRevocation(revokedAt);
            return sessions.withStatelessSession(session -> revokeRow(session, id, at)
                    .chain(row -> row != null ? Uni.createFrom().item(row) : session.get(OAuthTokenEntity.class, id)
                            // The UPDATE cannot see a row whose insert commits while it runs (a mirror
                            // write, a backfill chunk), but the read after it can: found and not yet
                            // revoked means exactly that, and the revocation must not be lost. Once more.
                            .chain(found -> found != null && (found.revokedAt == null || found.revokedAt.isAfter(at))
                                    ? revokeRow(session, id, at).chain(again -> again != null ? Uni.createFrom().item(again)
                                            : session.get(OAuthTokenEntity.class, id))
                                    : Uni.createFrom().item(found)))
                    .map(row -> Optional.ofNullable(row).map(TokenRecordMapping::toRecord)));
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> consume(String id, Instant consumedAt) {
        return run("consume", () -> {
            TokenId.requireValid("id", id);
            Instant at = requireRevocation(consumedAt);
            return sessions.withStatelessSession(session -> session.createNativeQuery(CONSUME, OAuthTokenEntity.class)
                    .setParameter("id", id)
                    .setParameter("consumedAt", at)
                    .getSingleResultOrNull()
                    .map(row -> Optional.ofNullable(row).map(TokenRecordMapping::toRecord)));
        });
    }

    private static Uni<OAuthTokenEntity> revokeRow(Mutiny.StatelessSession session, String id, Instant at) {
        return session.createNativeQuery(REVOKE, OAuthTokenEntity.class)
                .setParameter("id", id)
                .setParameter("revokedAt", at)
                .getSingleResultOrNull();
    }

    @Override
    public Uni<Integer> revokeFamily(String familyId, Instant revokedAt) {
        return run("revokeFamily", () -> {
            requireFamily(familyId, "revoke");
            Instant at = requireRevocation(revokedAt);
            // One transaction: the first statement locks and counts the rows it revokes, so two
            // concurrent family revocations never count the same token twice.
            return sessions.withStatelessTransaction(session -> session
                    .createNativeQuery(REVOKE_FAMILY_USABLE)
                    .setParameter("familyId", familyId)
                    .setParameter("revokedAt", at)
                    .executeUpdate()
                    .call(() -> session.createNativeQuery(REVOKE_FAMILY_REVOKED)
                            .setParameter("familyId", familyId)
                            .setParameter("revokedAt", at)
                            .executeUpdate()));
        });
    }

    @Override
    public Uni<Optional<TokenRecord>> delete(String id, long version) {
        return run("delete", () -> {
            TokenId.requireValid("id", id);
            if (version < 0) {
                throw new InvalidTokenRecordException("version", version + " is negative: versions start at 0");
            }
            return sessions.withStatelessSession(session -> session
                    .createNativeQuery(DELETE, OAuthTokenEntity.class)
                    .setParameter("id", id)
                    .setParameter("version", version)
                    .getSingleResultOrNull()
                    .chain(row -> row != null ? Uni.createFrom().item(row) : session.get(OAuthTokenEntity.class, id))
                    .map(row -> Optional.ofNullable(row).map(TokenRecordMapping::toRecord)));
        });
    }

    @Override
    public Uni<Integer> purgeTombstones(Instant expiredBefore, int limit) {
        return run("purgeTombstones", () -> {
            if (expiredBefore == null) {
                throw new InvalidTokenRecordException("expiredBefore", "is required to purge tombstones");
            }
            if (limit < 1) {
                throw new InvalidTokenRecordException("limit", limit + " is too small: a purge removes at least 1 tombstone");
            }
            return sessions.withStatelessSession(session -> session
                    .createNativeQuery(PURGE_TOMBSTONES)
                    .setParameter("expiredBefore", expiredBefore)
                    .setParameter("limit", limit)
                    .executeUpdate());
        });
    }

    @Override
    public Uni<List<TokenRecord>> family(String familyId) {
        return run("family", () -> {
            requireFamily(familyId, "read");
            return sessions.withStatelessSession(session -> session
                            .createSelectionQuery("from OAuthTokenEntity where familyId = :family order by id", OAuthTokenEntity.class)
                            .setParameter("family", familyId)
                            .getResultList())
                    .map(rows -> rows.stream().map(TokenRecordMapping::toRecord).toList());
        });
    }

    @Override
    public Uni<List<TokenRecord>> scan(String afterId, int limit) {
        return run("scan", () -> {
            if (afterId != null) {
                TokenId.requireValid("afterId", afterId);
            }
            if (limit < 1) {
                throw new InvalidTokenRecordException("limit", limit + " is too small: a scan reads at least 1 record");
            }
            // The id column's COLLATE "C" makes this the byte order, which is Java's String order for hex.
            return KeysetPage.read(sessions, OAuthTokenEntity.class, afterId, limit)
                    .map(rows -> rows.stream().map(TokenRecordMapping::toRecord).toList());
        });
    }

    /** @param action what is done to the family, for the message: "revoke", "read" */
    private static void requireFamily(String familyId, String action) {
        if (familyId == null || familyId.isEmpty()) {
            throw new InvalidTokenRecordException("familyId", "is required to " + action + " a family");
        }
    }

    private static Instant requireRevocation(Instant revokedAt) {
        if (revokedAt == null) {
            throw new InvalidTokenRecordException("revokedAt", "is required to revoke");
        }
        return revokedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Runs an operation lazily, so that invalid input fails the returned Uni (not the caller's
     * thread), and classifies every database failure.
     */
    private <T> Uni<T> run(String operation, Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().deferred(action)
                .onFailure().transform(failure -> errors.classify(operation, failure));
    }
}
