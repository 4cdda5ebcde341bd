package dev.tandem.demo.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces permits evenly at a fixed rate across all threads, without bursts: each permit gets the
 * next free slot. A caller that falls behind (slow answers) does not get a burst to catch up.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot;

    public RateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate " + perSecond + ": expected at least 1 per second");
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.nextSlot = System.nanoTime();
    }

    /** The slot the next permit gets, given the time now; advances the schedule. */
    synchronized long reserve(long now) {
        long slot = Math.max(nextSlot, now);
        nextSlot = slot + intervalNanos;
        return slot;
    }

    /** Waits for the next slot; returns false when interrupted. */
    public boolean acquire() {
        long slot = reserve(System.nanoTime());
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
