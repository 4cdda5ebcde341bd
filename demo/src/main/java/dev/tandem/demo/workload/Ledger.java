package dev.tandem.demo.workload;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The grants the workload holds: the live ones that refreshes, introspections, revocations and replays
 * take turns on (oldest first, so a grant issued in LEGACY_ONLY is still refreshed in ENGINE_ONLY), and
 * the last dead ones, which must stay dead in every later phase. A grant is taken out by one thread and
 * given back when it is done; a grant whose state is unknown is not given back. Thread-safe.
 */
public final class Ledger {
    private final int deadCapacity;
    private final ConcurrentLinkedQueue<Grant> live = new ConcurrentLinkedQueue<>();
    private final Deque<Grant> dead = new ArrayDeque<>();

    /** @param deadCapacity dead grants kept for later checks */
    public Ledger(int deadCapacity) {
        if (deadCapacity < 1) {
            throw new IllegalArgumentException("capacity " + deadCapacity + ": expected at least 1");
        }
        this.deadCapacity = deadCapacity;
    }

    /** A live grant the calling thread now holds, until it gives it back with {@link #release}. */
    public Optional<Grant> takeLive() {
        return Optional.ofNullable(live.poll());
    }

    /** A dead grant the calling thread now holds, until it gives it back with {@link #release}. */
    public synchronized Optional<Grant> takeDead() {
        return Optional.ofNullable(dead.pollFirst());
    }

    /** Gives a grant back where its state puts it: live, dead (the oldest dead one dropped beyond capacity), or nowhere. */
    public void release(Grant grant) {
        switch (grant.state()) {
            case LIVE -> live.add(grant);
            case DEAD -> {
                synchronized (this) {
                    dead.addLast(grant);
                    while (dead.size() > deadCapacity) {
                        dead.removeFirst();
                    }
                }
            }
            case UNKNOWN -> {
                // Nothing about it can be checked any more.
            }
            default -> throw new IllegalStateException("unexpected " + grant.state());
        }
    }

    public int liveCount() {
        return live.size();
    }

    public synchronized int deadCount() {
        return dead.size();
    }
}
