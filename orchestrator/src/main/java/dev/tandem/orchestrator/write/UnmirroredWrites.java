package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tokens and refresh families whose mirror write failed on this instance, remembered for a while so
 * that their reads go to the primary. A failed mirror of a new token shows as a miss, which the read
 * path notices by itself; a failed mirror of an update or a revocation leaves the mirror with an
 * older, valid-looking record, which only this list can tell apart. Bounded in count and time: it
 * bridges the gap until the checker's repair, it does not replace it. Other instances do not see it.
 */
@ApplicationScoped
public class UnmirroredWrites {
    private final long ttlNanos;
    private final int maxIds;
    private final LongSupplier nanoTime;
    /** Insertion-ordered, so the oldest entry is first: expiry and eviction look at the head only. */
    private final LinkedHashMap<String, Pending> expiries = new LinkedHashMap<>();
    /** Lets the common case, nothing failed, answer without taking the lock on every read. */
    private volatile boolean empty = true;

    @Inject
    public UnmirroredWrites(WriteConfig config) {
        this(Duration.ofSeconds(config.unmirroredTtlSeconds()), config.unmirroredMaxIds(), System::nanoTime);
    }

    UnmirroredWrites(Duration ttl, int maxIds, LongSupplier nanoTime) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(WriteConfig.UNMIRRORED_TTL_SECONDS + " is " + ttl.toSeconds()
                    + ": expected at least 1");
        }
        if (maxIds < 1) {
            throw new IllegalArgumentException(WriteConfig.UNMIRRORED_MAX_IDS + " is " + maxIds + ": expected at least 1");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxIds = maxIds;
        this.nanoTime = nanoTime;
    }

    /** Remembers that the mirror may hold an older state of token {@code id} than the primary. */
    public void tokenFailed(String id) {
        add("t:" + id, null);
    }

    /** As {@link #tokenFailed(String)}, naming the mirror that missed the write (see {@link #pendingToward}). */
    public void tokenFailed(Store mirror, String id) {
        add("t:" + id, mirror);
    }

    /** Remembers that the mirror may hold usable tokens of a family the primary revoked. */
    public void familyFailed(String familyId) {
        add("f:" + familyId, null);
    }

    /** As {@link #familyFailed(String)}, naming the mirror that missed the revocation. */
    public void familyFailed(Store mirror, String familyId) {
        add("f:" + familyId, mirror);
    }

    /**
     * How many tokens and families, within the time-to-live, the mirror {@code store} missed a
     * write of on this instance: the writes a switch to that store would lose until the checker's
     * repair. In {@code WRITE_ENGINE} that is what a rollback to legacy would lose.
     */
    public synchronized int pendingToward(Store store) {
        expireLocked(nanoTime.getAsLong());
        int count = 0;
        for (Pending pending : expiries.values()) {
            if (pending.mirror() == store) {
                count++;
            }
        }
        return count;
    }

    /** Whether a mirror write of token {@code id} failed here within the time-to-live. */
    public boolean tokenPending(String id) {
        return !empty && containsLocked("t:" + id);
    }

    /** Whether a mirror revocation of family {@code familyId} failed here within the time-to-live. */
    public boolean familyPending(String familyId) {
        return familyId != null && !empty && containsLocked("f:" + familyId);
    }

    private synchronized void add(String id, Store mirror) {
        expiries.remove(id);
        expiries.put(id, new Pending(nanoTime.getAsLong() + ttlNanos, mirror));
        while (expiries.size() > maxIds) {
            Iterator<Map.Entry<String, Pending>> oldest = expiries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        empty = false;
    }

    private synchronized boolean containsLocked(String id) {
        expireLocked(nanoTime.getAsLong());
        return expiries.containsKey(id);
    }

    private void expireLocked(long now) {
        Iterator<Map.Entry<String, Pending>> entries = expiries.entrySet().iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue().expiresAt() - now > 0) {
                break;
            }
            entries.remove();
        }
        empty = expiries.isEmpty();
    }

    public synchronized int size() {
        return expiries.size();
    }

    /** When an entry expires, and which mirror missed the write (null when the caller did not say). */
    private record Pending(long expiresAt, Store mirror) {
    }
}
