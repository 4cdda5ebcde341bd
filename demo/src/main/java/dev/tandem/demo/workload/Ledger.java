package dev.tandem.demo.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the workload wrote and may check: the recent tokens that reads pick from, and the refresh
 * families that rotations and family revocations take turns on. A family is held by one thread at
 * a time (taken out, put back), so what the workload expects of it is never raced by itself.
 * Thread-safe.
 */
public final class Ledger {
    private final int capacity;
    private final Duration readWindow;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Family> families = new ConcurrentLinkedQueue<>();

    private record Entry(IssuedToken token, Instant writtenAt) {
    }

    /**
     * @param capacity   recent tokens kept for reads
     * @param readWindow how long after writing a token the workload still reads it back, as a client
     *                   uses a token in the minutes after it got it
     */
    public Ledger(int capacity, Duration readWindow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ": expected at least 1");
        }
        this.capacity = capacity;
        this.readWindow = readWindow;
    }

    /** A token written and acknowledged: reads may pick it. */
    public synchronized void written(IssuedToken token, Instant at) {
        recent.addLast(new Entry(token, at));
        while (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    /** A random token written within the read window before {@code now}, if any. */
    public synchronized Optional<IssuedToken> pickForRead(Instant now, Random random) {
        Instant oldest = now.minus(readWindow);
        while (!recent.isEmpty() && recent.peekFirst().writtenAt().isBefore(oldest)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        int index = random.nextInt(recent.size());
        // An ArrayDeque has no index; walking from the nearer end keeps this cheap enough at demo rates.
        int i = 0;
        for (Entry entry : recent) {
            if (i++ == index) {
                return Optional.of(entry.token());
            }
        }
        return Optional.empty();
    }

    public synchronized int recentCount() {
        return recent.size();
    }

    /** A family the calling thread now holds, until it gives it back with {@link #release}. */
    public Optional<Family> takeFamily() {
        return Optional.ofNullable(families.poll());
    }

    public void release(Family family) {
        families.add(family);
    }

    public int familyCount() {
        return families.size();
    }

    /**
     * A refresh chain: its current refresh token and those it replaced, which must read revoked once
     * their revocation was acknowledged. Only the thread holding it changes it.
     */
    public static final class Family {
        private final String id;
        private IssuedToken current;
        private final List<IssuedToken> replaced = new ArrayList<>();

        public Family(String id, IssuedToken first) {
            this.id = id;
            this.current = first;
        }

        public String id() {
            return id;
        }

        public IssuedToken current() {
            return current;
        }

        /** {@code next} is now the family's usable token; the previous one is to be revoked. */
        public IssuedToken rotateTo(IssuedToken next) {
            IssuedToken previous = current;
            replaced.add(previous);
            current = next;
            return previous;
        }

        /** Every token of the chain the workload wrote. */
        public List<IssuedToken> tokens() {
            List<IssuedToken> all = new ArrayList<>(replaced);
            all.add(current);
            return all;
        }

        /**
         * How many tokens of the chain are usable as far as the workload knows, or -1 when it cannot
         * know (a revocation failed without an answer).
         */
        public long usable() {
            List<IssuedToken> tokens = tokens();
            if (tokens.stream().anyMatch(token -> token.state() != TokenState.ACTIVE && token.state() != TokenState.REVOKED)) {
                return -1;
            }
            return tokens.stream().filter(token -> token.state() == TokenState.ACTIVE).count();
        }
    }
}
