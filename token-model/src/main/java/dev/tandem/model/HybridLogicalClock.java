package dev.tandem.model;

import java.util.function.LongSupplier;

/**
 * Write versions: a hybrid logical clock (Kulkarni et al., 2014) packed into a positive long.
 *
 * <pre>
 *  63      20 19        8 7       0
 * +----------+-----------+---------+
 * | millis   | logical   | node id |
 * | (44 bit) | (12 bit)  | (8 bit) |
 * +----------+-----------+---------+
 * </pre>
 *
 * Versions from one clock strictly increase even when the wall clock steps back. The node id in
 * the low bits keeps two instances from ever issuing the same version. Feeding every version an
 * instance reads back from a store into {@link #observe(long)} makes a later write to that key
 * carry a higher version than the one it read, whichever instance made the earlier one: that is
 * the per-key monotonicity across instances. See docs/design/0001-write-versions.md.
 */
public final class HybridLogicalClock {
    static final int NODE_BITS = 8;
    static final int LOGICAL_BITS = 12;
    private static final int PHYSICAL_SHIFT = NODE_BITS + LOGICAL_BITS;
    private static final long LOGICAL_MAX = (1L << LOGICAL_BITS) - 1;
    public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;

    private final int nodeId;
    private final LongSupplier wallMillis;
    private long lastPhysical;
    private long lastLogical;

    public HybridLogicalClock(int nodeId) {
        this(nodeId, System::currentTimeMillis);
    }

    public HybridLogicalClock(int nodeId, LongSupplier wallMillis) {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("node id " + nodeId + " is out of range (valid: 0 to " + MAX_NODE_ID + ")");
        }
        this.nodeId = nodeId;
        this.wallMillis = wallMillis;
    }

    /** The node id this clock stamps into every version it issues. */
    public int nodeId() {
        return nodeId;
    }

    /** A version greater than every version this clock issued or observed. */
    public synchronized long next() {
        long now = wallMillis.getAsLong();
        if (now > lastPhysical) {
            lastPhysical = now;
            lastLogical = 0;
        } else if (lastLogical < LOGICAL_MAX) {
            lastLogical++;
        } else {
            // 4096 versions in one millisecond: borrow the next millisecond rather than wrap.
            lastPhysical++;
            lastLogical = 0;
        }
        return pack(lastPhysical, lastLogical, nodeId);
    }

    /** Moves the clock past a version seen elsewhere (a stored record, another instance's write). */
    public synchronized void observe(long version) {
        long physical = physicalMillis(version);
        long logical = (version >>> NODE_BITS) & LOGICAL_MAX;
        if (physical > lastPhysical || (physical == lastPhysical && logical > lastLogical)) {
            lastPhysical = physical;
            lastLogical = logical;
        }
    }

    /** The node id of the instance that issued a version. */
    public static int nodeIdOf(long version) {
        return (int) (version & MAX_NODE_ID);
    }

    /** The wall-clock part of a version, in epoch milliseconds. */
    public static long physicalMillis(long version) {
        return version >>> PHYSICAL_SHIFT;
    }

    static long pack(long physical, long logical, int nodeId) {
        return (physical << PHYSICAL_SHIFT) | (logical << NODE_BITS) | nodeId;
    }
}
