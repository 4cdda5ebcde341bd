package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.phase.MigrationPhase.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The live entries of the replay queue, folded from its records in log order: an entry adds, a
 * tombstone (its key with no value) removes that entry only. Thread-safe. The writer also adds its
 * own entry before Kafka has it ({@link #add}), so that its reads see it at once; a tombstone
 * that was {@link #removeAhead published} here before the follower read the entry itself keeps
 * the entry from coming back when the follower does.
 */
final class ReplayFold {
    /** In the order they were added: the head is the oldest. */
    private final Map<UUID, ReplayEntry> live = new LinkedHashMap<>();
    private final Map<String, Integer> tokens = new HashMap<>();
    private final Map<String, Integer> families = new HashMap<>();
    /** Removed here before the follower read their entry; dropped once it reads their tombstone. */
    private final Set<UUID> removedAhead = new HashSet<>();
    /** Lets the common case, nothing pending, answer without the lock. */
    private volatile boolean empty = true;

    /** A record of the topic: an entry, or a tombstone ({@code entry} null) of entry {@code id}. */
    synchronized void apply(UUID id, ReplayEntry entry) {
        if (entry == null) {
            removedAhead.remove(id);
            removeLocked(id);
        } else if (!removedAhead.contains(id)) {
            addLocked(entry);
        }
    }

    /** An entry this instance queued, before the follower reads it back. */
    synchronized void add(ReplayEntry entry) {
        addLocked(entry);
    }

    /** An entry whose tombstone this instance published: gone now, and not brought back by the follower. */
    synchronized void removeAhead(UUID id) {
        if (removeLocked(id)) {
            removedAhead.add(id);
        }
    }

    /** An entry this instance added but could not queue, and which is not in the topic. */
    synchronized void forget(UUID id) {
        removeLocked(id);
    }

    boolean tokenPending(String tokenId) {
        if (empty) {
            return false;
        }
        synchronized (this) {
            return tokens.containsKey(tokenId);
        }
    }

    boolean familyPending(String familyId) {
        if (familyId == null || empty) {
            return false;
        }
        synchronized (this) {
            return families.containsKey(familyId);
        }
    }

    /** The stores that missed a pending write of token {@code tokenId} (empty when none is pending). */
    Set<Store> tokenMissedBy(String tokenId) {
        return missedBy(ReplayEntry.Kind.TOKEN, tokenId);
    }

    /** The stores that missed a pending revocation of family {@code familyId}. */
    Set<Store> familyMissedBy(String familyId) {
        return missedBy(ReplayEntry.Kind.FAMILY, familyId);
    }

    synchronized int size() {
        return live.size();
    }

    /** Entries whose write the store {@code store} missed. */
    synchronized int pendingToward(Store store) {
        int count = 0;
        for (ReplayEntry entry : live.values()) {
            if (entry.mirror() == store) {
                count++;
            }
        }
        return count;
    }

    /** How long the oldest live entry has waited at {@code now}; empty when there is none. */
    synchronized Optional<Duration> oldestAge(Instant now) {
        Instant oldest = null;
        for (ReplayEntry entry : live.values()) {
            if (oldest == null || entry.queuedAt().isBefore(oldest)) {
                oldest = entry.queuedAt();
            }
        }
        return oldest == null ? Optional.empty() : Optional.of(Duration.between(oldest, now).isNegative()
                ? Duration.ZERO : Duration.between(oldest, now));
    }

    synchronized List<ReplayEntry> entries() {
        return List.copyOf(live.values());
    }

    synchronized boolean contains(UUID id) {
        return live.containsKey(id);
    }

    private synchronized Set<Store> missedBy(ReplayEntry.Kind kind, String key) {
        Set<Store> stores = EnumSet.noneOf(Store.class);
        if (key == null || empty) {
            return stores;
        }
        for (ReplayEntry entry : live.values()) {
            if (entry.kind() == kind && entry.key().equals(key)) {
                stores.add(entry.mirror());
            }
        }
        return stores;
    }

    private void addLocked(ReplayEntry entry) {
        if (live.putIfAbsent(entry.id(), entry) == null) {
            (entry.kind() == ReplayEntry.Kind.FAMILY ? families : tokens).merge(entry.key(), 1, Integer::sum);
            empty = false;
        }
    }

    private boolean removeLocked(UUID id) {
        ReplayEntry entry = live.remove(id);
        if (entry == null) {
            return false;
        }
        (entry.kind() == ReplayEntry.Kind.FAMILY ? families : tokens)
                .computeIfPresent(entry.key(), (key, count) -> count > 1 ? count - 1 : null);
        empty = live.isEmpty();
        return true;
    }
}
