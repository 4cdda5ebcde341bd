package dev.tandem.orchestrator.write;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.TokenStore;
import dev.tandem.model.TokenStoreException;
import dev.tandem.model.UpsertResult;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.MirrorStats.Reason;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The write path of DESIGN.md: every write gets a fresh version from this instance's clock, goes to
 * the phase's primary, and only once the primary committed to the phase's mirror, with the same
 * record and version. Both stores merge by version ({@link TokenRecord#mergedWith}), so the order in
 * which concurrent writes reach either store does not matter.
 *
 * <ul>
 *   <li>A primary failure fails the request, and the mirror is not attempted.</li>
 *   <li>A mirror failure or timeout does not, once the write is durably queued for replay
 *       ({@link ReplayQueue}): it is counted, logged, queued, and the answer waits until Kafka
 *       acknowledged the entry. Acknowledged means in both stores, or in the replay queue: every
 *       instance then reads the token from both stores (merged) until it is replayed. Where the queue
 *       cannot take it either, the request fails with 503 ({@link ReplayQueueUnavailableException}):
 *       the primary holds the write and a retry is safe.</li>
 *   <li>Except that a revocation is tried on the mirror {@value #REVOCATION_MIRROR_ATTEMPTS} times
 *       before it is queued for replay: it is always safe to repeat, and a token revoked in one
 *       store only is the one divergence a reader must never see. At 100,000 rows a backfill at full
 *       speed stalled the engine past the mirror timeout now and then; the repair converged the
 *       store a minute later, behind tens of thousands of other verdicts, and a verification in
 *       between reported the revocation missing.</li>
 *   <li>The answer waits for the mirror (up to {@code tandem.write.mirror-timeout-ms}): a client that
 *       was answered finds its write in both stores, so a flag flip right after cannot hide it.</li>
 * </ul>
 *
 * The phase is read once per request, when the write is admitted ({@link InFlightWrites}): a write
 * that started before a phase change finishes under the old one, which the version merge makes
 * harmless; a switch of the primary waits for such writes to finish before it flips.
 */
@ApplicationScoped
public class MirroredWriter {
    /**
     * Attempts at a write whose version lost to a newer one (another instance's clock ahead of
     * ours). Each attempt first moves the clock past what it lost to, so the second one nearly
     * always wins; a third covers a burst of concurrent writers.
     */
    static final int VERSION_ATTEMPTS = 3;
    /** Attempts at a revocation on the mirror, each with the mirror timeout, before it is queued for replay. */
    static final int REVOCATION_MIRROR_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(MirroredWriter.class);
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    /**
     * The mirror failed and the replay queue did not take the write either: operation, target, primary,
     * mirror, topic, the mirror's reason, the queue's failure.
     */
    public static final String QUEUE_REFUSED = "%s of %s: the primary (%s) holds the write, but the %s mirror and the"
            + " replay queue (topic %s) could not take it (mirror: %s; queue: %s); it was not acknowledged, and a"
            + " retry is safe";

    private final MeteredStores stores;
    private final HybridLogicalClock clock;
    private final MirrorStats stats;
    private final ReplayQueue queue;
    private final InFlightWrites inFlight;
    private final Duration mirrorTimeout;
    private final Map<String, WarnWindow> warnings = new ConcurrentHashMap<>();

    @Inject
    public MirroredWriter(MeteredStores stores, HybridLogicalClock clock, MirrorStats stats,
                          ReplayQueue queue, InFlightWrites inFlight, WriteConfig config) {
        if (config.mirrorTimeoutMs() < 1) {
            throw new IllegalArgumentException(WriteConfig.MIRROR_TIMEOUT_MS + " is " + config.mirrorTimeoutMs()
                    + ": expected at least 1");
        }
        this.stores = stores;
        this.clock = clock;
        this.stats = stats;
        this.queue = queue;
        this.inFlight = inFlight;
        this.mirrorTimeout = Duration.ofMillis(config.mirrorTimeoutMs());
    }

    /**
     * Creates or replaces a token. {@code record}'s version is ignored: the write gets a new one.
     * Answers what the primary holds afterwards (revoked if it was revoked before: revocation is
     * terminal). The mirror gets that stored record, not the one sent: where the primary holds the
     * token revoked, a mirror that lacks it must not receive it active.
     *
     * @throws InvalidTokenRecordException (in the Uni) when a store the phase writes cannot hold it
     * @throws KindConflictException     (in the Uni) when the id is held by another kind of token
     * @throws ConcurrentWriteException  (in the Uni) when newer writes kept winning
     */
    public Uni<TokenRecord> upsert(TokenRecord record) {
        return admitted(phase -> upsert(phase, record));
    }

    private Uni<TokenRecord> upsert(MigrationPhase phase, TokenRecord record) {
        TokenStore primary = stores.of(phase.primary());
        // Every store this write reaches must be able to hold it, or none gets it (a 400, not half a write).
        primary.requireStorable(record);
        if (phase.mirror() != null) {
            stores.of(phase.mirror()).requireStorable(record);
        }
        return upsertPrimary(primary, record, 1)
                .call(written -> mirror(phase, "upsert", Target.token(record.id()), 1,
                        store -> store.upsert(exactRevocation(primary, written.stored(), written.sent().revokedAt()))
                                .invoke(result -> {
                                    clock.observe(result.stored().version());
                                    if (result.stored().kind() != record.kind()) {
                                        throw new KindConflictException(record.kind(), result.stored().kind());
                                    }
                                })))
                .map(Written::stored);
    }

    /**
     * Revokes one token at {@code revokedAt}. The mirror gets the primary's record, revoked (whether
     * or not it held the token: an earlier mirror write may have been lost). Where the primary does
     * not hold the token, the mirror may (a write that reached only the store that was primary
     * before a phase change): it is revoked there, and its revoked record is written back to the
     * primary, so that both hold the revocation; a mirror that cannot be asked fails the request,
     * because a revocation must not be acknowledged while a store may still serve the token. Empty
     * when neither store holds the token (or holds it deleted).
     */
    public Uni<Optional<TokenRecord>> revoke(String id, Instant revokedAt) {
        return admitted(phase -> revoke(phase, id, revokedAt));
    }

    private Uni<Optional<TokenRecord>> revoke(MigrationPhase phase, String id, Instant revokedAt) {
        TokenStore primary = stores.of(phase.primary());
        return primary.revoke(id, revokedAt)
                .flatMap(found -> {
                    if (found.isPresent()) {
                        TokenRecord stored = found.get();
                        clock.observe(stored.version());
                        return mirror(phase, "revoke", Target.token(id), REVOCATION_MIRROR_ATTEMPTS,
                                mirror -> mirror.upsert(exactRevocation(primary, stored, revokedAt)))
                                .replaceWith(found);
                    }
                    return fromMirror(phase, "revoke", id, mirror -> mirror.revoke(id, revokedAt),
                            (mirror, held) -> exactRevocation(mirror, held, revokedAt));
                })
                .map(stored -> stored.filter(record -> !record.deleted()));
    }

    /**
     * Consumes a one-time token (an authorization code's redemption): the primary's atomic
     * compare-and-set decides ({@link TokenStore#consume}), so that of concurrent redemptions on any
     * instances exactly one is answered; the mirror then gets the consumed record as a revocation
     * does. A code the primary does not hold at all (written only to the store that was primary
     * before a phase change) is consumed in the mirror and written back, as {@link #revoke} does.
     * Empty when the code is unknown, deleted, or consumed or revoked before.
     */
    public Uni<Optional<TokenRecord>> consume(String id, Instant consumedAt) {
        return admitted(phase -> consume(phase, id, consumedAt));
    }

    private Uni<Optional<TokenRecord>> consume(MigrationPhase phase, String id, Instant consumedAt) {
        TokenStore primary = stores.of(phase.primary());
        return primary.consume(id, consumedAt).flatMap(consumed -> {
            if (consumed.isPresent()) {
                TokenRecord stored = consumed.get();
                clock.observe(stored.version());
                return mirror(phase, "consume", Target.token(id), REVOCATION_MIRROR_ATTEMPTS,
                        mirror -> mirror.upsert(exactRevocation(primary, stored, consumedAt)))
                        .replaceWith(consumed);
            }
            return primary.lookup(id).flatMap(held -> held.isPresent() ? Uni.createFrom().item(Optional.<TokenRecord>empty())
                    : fromMirror(phase, "consume", id, mirror -> mirror.consume(id, consumedAt),
                            (mirror, record) -> exactRevocation(mirror, record, consumedAt)));
        });
    }

    /**
     * Revokes every token of a refresh chain at {@code revokedAt}; answers how many the primary
     * held usable before. The mirror is revoked too, also when the primary counted none: a
     * revocation is always safe to repeat. And the mirror gets every member the primary holds, as
     * stored (revoked): a member the mirror does not hold yet (the backfill has not copied it) would
     * otherwise be missed by its revocation there and arrive later as the backfill's stale, usable
     * copy. Merged into the revoked record, that copy stays revoked.
     */
    public Uni<Integer> revokeFamily(String familyId, Instant revokedAt) {
        return admitted(phase -> revokeFamily(phase, familyId, revokedAt));
    }

    private Uni<Integer> revokeFamily(MigrationPhase phase, String familyId, Instant revokedAt) {
        return stores.of(phase.primary()).revokeFamily(familyId, revokedAt)
                .call(count -> mirror(phase, "revoke_family", Target.family(familyId, revokedAt), REVOCATION_MIRROR_ATTEMPTS,
                        mirror -> revokeFamilyIn(mirror, stores.of(phase.primary()), familyId, revokedAt)));
    }

    /**
     * The family revoked in {@code target}, and every member {@code source} holds revoked merged into
     * {@code target} as stored: afterwards {@code target} holds each of them revoked, whether or not
     * it held it before. A member {@code source} holds usable joined the chain after its revocation
     * there, and is left to the two stores' own writes.
     */
    static Uni<Void> revokeFamilyIn(TokenStore target, TokenStore source, String familyId, Instant revokedAt) {
        return target.revokeFamily(familyId, revokedAt)
                .chain(() -> source.family(familyId))
                .chain(members -> {
                    Uni<Void> copies = Uni.createFrom().voidItem();
                    for (TokenRecord member : members) {
                        if (member.isRevoked()) {
                            TokenRecord revoked = exactRevocation(source, member, revokedAt);
                            copies = copies.chain(() -> target.upsert(revoked)).replaceWithVoid();
                        }
                    }
                    return copies;
                });
    }

    /**
     * Deletes a token: its record becomes a tombstone at a fresh version (so that the delete never
     * removes a write that came after it, and no older write brings it back), and the mirror gets
     * that tombstone. Where the primary does not hold the token, the mirror's tombstone is written
     * back to the primary, as for {@link #revoke}. Answers false when neither store holds it.
     */
    public Uni<Boolean> delete(String id) {
        return admitted(phase -> delete(phase, id));
    }

    private Uni<Boolean> delete(MigrationPhase phase, String id) {
        TokenStore primary = stores.of(phase.primary());
        return deleteIn(primary, id, 1)
                .flatMap(found -> {
                    if (found.isPresent()) {
                        return mirror(phase, "delete", Target.token(id), 1, mirror -> mirror.upsert(found.get()))
                                .replaceWith(found);
                    }
                    return fromMirror(phase, "delete", id, mirror -> deleteIn(mirror, id, 1), (mirror, held) -> held);
                })
                .map(Optional::isPresent);
    }

    /**
     * Runs a write under the phase it is admitted in ({@link InFlightWrites}: after any fence of a
     * switch), counted as running until it is answered or fails.
     */
    private <T> Uni<T> admitted(Function<MigrationPhase, Uni<T>> write) {
        return inFlight.admit().flatMap(ticket -> Uni.createFrom().deferred(() -> write.apply(ticket.state().phase()))
                .onTermination().invoke(ticket::close));
    }

    private Uni<Written> upsertPrimary(TokenStore primary, TokenRecord record, int attempt) {
        TokenRecord sent = record.withVersion(clock.next());
        return primary.upsert(sent).flatMap(result -> {
            TokenRecord stored = result.stored();
            clock.observe(stored.version());
            if (stored.kind() != record.kind()) {
                return Uni.createFrom().failure(new KindConflictException(record.kind(), stored.kind()));
            }
            if (!result.applied() && stored.version() > sent.version()) {
                if (attempt >= VERSION_ATTEMPTS) {
                    return Uni.createFrom().failure(new ConcurrentWriteException("write", attempt));
                }
                return upsertPrimary(primary, record, attempt + 1);
            }
            return Uni.createFrom().item(new Written(sent, stored));
        });
    }

    /**
     * The tombstone {@code store} holds after a delete at a fresh version, or empty when it holds
     * nothing live for the id. A delete that lost to a newer write is tried again past that write's
     * version: the delete was asked for after it.
     */
    private Uni<Optional<TokenRecord>> deleteIn(TokenStore store, String id, int attempt) {
        long version = clock.next();
        return store.delete(id, version).flatMap(stored -> {
            if (stored.isEmpty() || stored.get().deleted()) {
                return Uni.createFrom().item(stored.filter(tombstone -> tombstone.version() == version));
            }
            clock.observe(stored.get().version());
            if (attempt >= VERSION_ATTEMPTS) {
                return Uni.createFrom().failure(new ConcurrentWriteException("delete", attempt));
            }
            return deleteIn(store, id, attempt + 1);
        });
    }

    /**
     * A revocation or delete of a token the primary does not hold, tried on the mirror: the record
     * the mirror holds afterwards is written back to the primary, so that both stores hold it. A
     * mirror that does not answer fails the request (retriable): it may hold the token, and the
     * client must not be told it is gone while a store may still serve it.
     */
    private Uni<Optional<TokenRecord>> fromMirror(MigrationPhase phase, String operation, String id,
                                                  Function<TokenStore, Uni<Optional<TokenRecord>>> write,
                                                  BiFunction<TokenStore, TokenRecord, TokenRecord> writeBack) {
        if (phase.mirror() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        TokenStore mirror = stores.of(phase.mirror());
        TokenStore primary = stores.of(phase.primary());
        return Uni.createFrom().deferred(() -> write.apply(mirror)).ifNoItem().after(mirrorTimeout).fail()
                .onFailure().transform(failure -> new TokenStoreException(mirror.name(), true, operation + " of token " + id
                        + ": the primary (" + primary.name() + ") does not hold it and the " + mirror.name()
                        + " mirror, which may, did not answer (" + reasonOf(failure).tag() + "); nothing was acknowledged", failure))
                .flatMap(held -> {
                    if (held.isEmpty()) {
                        return Uni.createFrom().item(held);
                    }
                    clock.observe(held.get().version());
                    return primary.upsert(writeBack.apply(mirror, held.get())).map(written -> held);
                });
    }

    /**
     * The record for the other store: {@code stored}, with the revocation time asked for where
     * {@code source} keeps none (legacy reports a revoked token's issue time).
     */
    private static TokenRecord exactRevocation(TokenStore source, TokenRecord stored, Instant revokedAt) {
        if (stored.isRevoked() && revokedAt != null && source.approximatedFields().contains(TokenField.REVOKED_AT)) {
            return stored.toBuilder().revokedAt(revokedAt).build();
        }
        return stored;
    }

    /**
     * Writes to the phase's mirror, if it has one, up to {@code attempts} times (each within the mirror
     * timeout). Where all fail, completes once the write is queued for replay, and fails with
     * {@link ReplayQueueUnavailableException} when it could not be queued either.
     */
    private Uni<Void> mirror(MigrationPhase phase, String operation, Target target, int attempts,
                             Function<TokenStore, Uni<?>> write) {
        if (phase.mirror() == null) {
            return Uni.createFrom().voidItem();
        }
        TokenStore mirror = stores.of(phase.mirror());
        Uni<?> attempt = Uni.createFrom().deferred(() -> write.apply(mirror)).ifNoItem().after(mirrorTimeout).fail();
        return (attempts > 1 ? attempt.onFailure().retry().atMost(attempts - 1) : attempt)
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null ? Uni.createFrom().voidItem()
                        : mirrorFailed(phase, mirror.name(), operation, target, failure));
    }

    /** Counts and logs a mirror write that failed, and queues it for replay; the Uni ends once it is queued. */
    private Uni<Void> mirrorFailed(MigrationPhase phase, String store, String operation, Target target, Throwable failure) {
        Reason reason = reasonOf(failure);
        stats.failed(store, reason);
        ReplayEntry entry = target.family() ? queue.familyEntry(target.key(), target.revokedAt(), phase.mirror())
                : queue.tokenEntry(target.key(), phase.mirror());
        String message = operation + " of " + target + " on the " + store + " mirror failed (" + reason.tag() + "): "
                + (failure instanceof TimeoutException ? "no answer within " + mirrorTimeout.toMillis() + " ms"
                : failure.getMessage()) + "; queued for replay (entry " + entry.id() + ")";
        warnRateLimited(store + "/" + reason.tag(), message);
        String primary = stores.of(phase.primary()).name();
        return queue.enqueue(entry).onFailure().transform(queueFailure -> {
            String refusal = QUEUE_REFUSED.formatted(operation, target, primary, store, queue.topic(), reason.tag(),
                    queueFailure.getMessage());
            warnRateLimited(store + "/queue", refusal);
            return new ReplayQueueUnavailableException(refusal, queueFailure);
        });
    }

    private void warnRateLimited(String kind, String message) {
        WarnWindow window = warnings.computeIfAbsent(kind, key -> new WarnWindow());
        long suppressed = window.tryWarn(System.nanoTime());
        if (suppressed >= 0) {
            LOG.warn(message + (suppressed > 0 ? " (" + suppressed + " more such failures not logged in the last "
                    + Duration.ofNanos(WARN_INTERVAL_NANOS).toSeconds() + " s)" : ""));
        } else {
            LOG.debug(message);
        }
    }

    static Reason reasonOf(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return Reason.TIMEOUT;
        }
        if (failure instanceof KindConflictException) {
            return Reason.KIND_CONFLICT;
        }
        if (failure instanceof InvalidTokenRecordException) {
            return Reason.REJECTED;
        }
        if (failure instanceof TokenStoreException store) {
            return store.retriable() ? Reason.UNAVAILABLE : Reason.REJECTED;
        }
        return Reason.ERROR;
    }

    /** What a write is about, for the log: a token id (a hash, never a secret) or a family id (and when it was revoked). */
    private record Target(String key, boolean family, Instant revokedAt) {
        static Target token(String id) {
            return new Target(id, false, null);
        }

        static Target family(String familyId, Instant revokedAt) {
            return new Target(familyId, true, revokedAt);
        }

        @Override
        public String toString() {
            return (family ? "family " : "token ") + key;
        }
    }

    /** What the primary was sent and what it holds afterwards. */
    private record Written(TokenRecord sent, TokenRecord stored) {
    }

    /**
     * One warning per store and reason every {@link #WARN_INTERVAL_NANOS}: a mirror that is down
     * fails every write, and one line a second says as much as a thousand.
     */
    private static final class WarnWindow {
        private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong suppressed = new AtomicLong();

        /** The number of warnings held back since the last one, or -1 if this one should be held back too. */
        long tryWarn(long now) {
            long last = lastWarn.get();
            if ((last == Long.MIN_VALUE || now - last >= WARN_INTERVAL_NANOS) && lastWarn.compareAndSet(last, now)) {
                return suppressed.getAndSet(0);
            }
            suppressed.incrementAndGet();
            return -1;
        }
    }
}
