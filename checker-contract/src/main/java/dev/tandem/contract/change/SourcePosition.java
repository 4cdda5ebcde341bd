package dev.tandem.contract.change;

/**
 * Where a change sits in its store's log: a binlog position in the legacy store, an LSN in the
 * engine. Positions of one store are totally ordered in the order the store applied the changes,
 * which commit times are not: MariaDB's binlog keeps whole seconds (and a session may set its own
 * {@code timestamp}), and a snapshot's rows carry the time they were read, later than a change
 * committed during the snapshot that the binlog or WAL holds after the snapshot's position. The
 * check therefore orders one key's changes of one store by position alone (issue 10, item 6).
 *
 * <p>Positions of the two stores are not comparable; {@link #compareTo} refuses to. On the change
 * topics a position travels in its store's notation ({@link #notation()}), which is what the
 * captures always wrote: events written before positions were typed read the same way.
 */
public sealed interface SourcePosition extends Comparable<SourcePosition> permits BinlogPosition, Lsn {

    /** {@code legacy} or {@code engine}. */
    String store();

    /** The store's own notation: {@code mariadb-bin.000003:4711} (and {@code :2} for a later row of one event), {@code 16/B374D848}. */
    String notation();

    /**
     * The position a store's notation names; an {@link IllegalArgumentException} that quotes the
     * notation and says what is valid when it names none.
     */
    static SourcePosition parse(String store, String notation) {
        return switch (store) {
            case BinlogPosition.STORE -> BinlogPosition.parse(notation);
            case Lsn.STORE -> Lsn.parse(notation);
            default -> throw new IllegalArgumentException("store must be legacy or engine, was " + store);
        };
    }

    /** {@link #parse}, or null for a null notation. */
    static SourcePosition parseNullable(String store, String notation) {
        return notation == null ? null : parse(store, notation);
    }

    /** The notation, or null for a null position. */
    static String notationOf(SourcePosition position) {
        return position == null ? null : position.notation();
    }

    /** Orders positions of one store; a missing position is before every present one. */
    static int compare(SourcePosition a, SourcePosition b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    /** Refuses a position of the other store: the two logs have no common order. */
    static void requireSameStore(SourcePosition a, SourcePosition b) {
        if (!a.store().equals(b.store())) {
            throw new IllegalArgumentException("a " + a.store() + " position (" + a.notation() + ") and an "
                    + b.store() + " position (" + b.notation() + ") are not comparable");
        }
    }
}
