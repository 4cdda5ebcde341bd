package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Pending and settled counts of one stream task (one partition pair), kept by transitions rather
 * than by scanning the store. Written by the stream thread, read by status and metrics.
 */
public final class TaskCounts {
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLongArray settled = new AtomicLongArray(Severity.values().length * VerdictKind.values().length);

    public long pending() {
        return pending.get();
    }

    public long settled(Severity severity, VerdictKind kind) {
        return settled.get(index(severity, kind));
    }

    void setPending(long value) {
        pending.set(value);
    }

    void setSettled(Severity severity, VerdictKind kind, long value) {
        settled.set(index(severity, kind), value);
    }

    /** Moves the id's contribution from its state before to its state after a transition. */
    void move(KeyState before, KeyState after) {
        add(before, -1);
        add(after, +1);
    }

    private void add(KeyState state, int delta) {
        if (state == null) {
            return;
        }
        switch (state.phase()) {
            case PENDING -> pending.addAndGet(delta);
            case SETTLED -> settled.addAndGet(index(state.classification().severity(), state.classification().kind()), delta);
            case MATCH -> {
            }
        }
    }

    private static int index(Severity severity, VerdictKind kind) {
        return severity.ordinal() * VerdictKind.values().length + kind.ordinal();
    }
}
