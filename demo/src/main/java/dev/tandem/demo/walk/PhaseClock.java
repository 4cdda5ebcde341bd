package dev.tandem.demo.walk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Time spent in each phase, as the demo saw the phases change. A phase entered twice (after a
 * step back) adds up. Thread-safe.
 */
public final class PhaseClock {
    private final Map<String, Duration> spent = new LinkedHashMap<>();
    private String current;
    private Instant since;

    /** The migration is in {@code phase} at {@code at}; nothing changes when it was already. */
    public synchronized void observe(String phase, Instant at) {
        if (phase.equals(current)) {
            return;
        }
        close(at);
        current = phase;
        since = at;
        spent.putIfAbsent(phase, Duration.ZERO);
    }

    /** Each phase in the order first seen, with the time spent in it up to {@code now}. */
    public synchronized Map<String, Duration> spent(Instant now) {
        Map<String, Duration> view = new LinkedHashMap<>(spent);
        if (current != null && now.isAfter(since)) {
            view.merge(current, Duration.between(since, now), Duration::plus);
        }
        return Collections.unmodifiableMap(view);
    }

    public synchronized String current() {
        return current;
    }

    private void close(Instant at) {
        if (current != null && at.isAfter(since)) {
            spent.merge(current, Duration.between(since, at), Duration::plus);
        }
    }
}
