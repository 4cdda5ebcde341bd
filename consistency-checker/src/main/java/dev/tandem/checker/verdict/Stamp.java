package dev.tandem.checker.verdict;

import dev.tandem.contract.change.SourcePosition;

import java.util.Comparator;

/**
 * Where a change sits in its store's history: its position in the store's log, which orders one
 * key's changes exactly, whatever their commit times say (MariaDB's binlog keeps whole seconds, a
 * snapshot row carries the time it was read). The commit time decides only between stamps of one
 * position, or of none (a source that named no position), so that the order stays total. Stamps of
 * one store are comparable; those of two stores are not.
 *
 * @param committedAtMs the source commit time, epoch milliseconds
 * @param position      the change's place in the store's log; may be null (before every present one)
 */
public record Stamp(long committedAtMs, SourcePosition position) implements Comparable<Stamp> {

    private static final Comparator<Stamp> ORDER = Comparator
            .comparing(Stamp::position, SourcePosition::compare)
            .thenComparingLong(Stamp::committedAtMs);

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(Stamp other) {
        return compareTo(other) > 0;
    }

    public static Stamp max(Stamp a, Stamp b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }
}
