package dev.tandem.orchestrator.instances;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What the instances topic says about who is alive and who holds which node id, folded from its
 * records as one instance reads them. Pure: times are {@link System#nanoTime()} values passed in.
 *
 * <p>An instance is alive while its latest record (a claim or a heartbeat, not a leave) was read
 * less than {@code liveNanos} ago. Of the live instances that name one node id, the one whose claim
 * came first in the topic holds it: every instance that reads the topic agrees on that, and two
 * instances that claim one id at once learn which of them won from the order Kafka gave them.
 */
public final class NodeIdClaims {

    /**
     * The latest record of one instance.
     *
     * @param seenAtNanos when this reader read it (for records older than this reader: when it was written)
     */
    public record Peer(UUID instance, int nodeId, long claimOffset, long lastOffset, long seenAtNanos, long revision,
                       long drainedRevision, String address, boolean leaving) {

        boolean aliveAt(long nowNanos, long liveNanos) {
            return !leaving && nowNanos - seenAtNanos < liveNanos;
        }
    }

    private final Map<UUID, Peer> peers = new HashMap<>();
    private final long liveNanos;
    private final int maxNodeId;

    public NodeIdClaims(long liveNanos, int maxNodeId) {
        this.liveNanos = liveNanos;
        this.maxNodeId = maxNodeId;
    }

    /** Folds one record, read at {@code seenAtNanos} from {@code offset}. */
    public synchronized void add(Presence presence, long offset, long seenAtNanos) {
        if (presence.nodeId() < 0 || presence.nodeId() > maxNodeId) {
            return;
        }
        long claim = presence.kind() == Presence.Kind.CLAIM ? offset : presence.claimOffset();
        peers.put(presence.instance(), new Peer(presence.instance(), presence.nodeId(), claim, offset, seenAtNanos,
                presence.revision(), presence.drainedRevision(), presence.address(),
                presence.kind() == Presence.Kind.LEAVING));
        // Forget instances long gone: a restart is a new instance, and the map must not grow forever.
        peers.values().removeIf(peer -> seenAtNanos - peer.seenAtNanos() > 10 * liveNanos);
    }

    /** The live instances, by node id. */
    public synchronized List<Peer> live(long nowNanos) {
        return peers.values().stream().filter(peer -> peer.aliveAt(nowNanos, liveNanos))
                .sorted(Comparator.comparingInt(Peer::nodeId).thenComparingLong(Peer::claimOffset)).toList();
    }

    /** The latest record of {@code instance}, live or not. */
    public synchronized Optional<Peer> peer(UUID instance) {
        return Optional.ofNullable(peers.get(instance));
    }

    /** The live instance holding {@code nodeId}: of those naming it, the earliest claim. */
    public synchronized Optional<Peer> holder(int nodeId, long nowNanos) {
        return peers.values().stream().filter(peer -> peer.nodeId() == nodeId && peer.aliveAt(nowNanos, liveNanos))
                .min(Comparator.comparingLong(Peer::claimOffset));
    }

    /** The lowest node id no live instance names, if any is left. */
    public synchronized OptionalInt lowestFree(long nowNanos) {
        boolean[] taken = new boolean[maxNodeId + 1];
        peers.values().stream().filter(peer -> peer.aliveAt(nowNanos, liveNanos))
                .forEach(peer -> taken[peer.nodeId()] = true);
        for (int id = 0; id <= maxNodeId; id++) {
            if (!taken[id]) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }
}
