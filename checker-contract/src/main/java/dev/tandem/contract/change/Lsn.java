package dev.tandem.contract.change;

import java.util.Locale;

/**
 * A change's place in PostgreSQL's write-ahead log, from Debezium's {@code source.lsn}: the LSN of
 * the change's own WAL record. One row's changes are in LSN order, since a transaction that changes
 * a row waits for the commit of the one that changed it before.
 *
 * @param value the LSN, an unsigned 64-bit number
 */
public record Lsn(long value) implements SourcePosition {
    static final String STORE = "engine";

    @Override
    public String store() {
        return STORE;
    }

    /** PostgreSQL's notation: the high and low 32 bits in upper-case hex, {@code 16/B374D848}. */
    @Override
    public String notation() {
        return Long.toHexString(value >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(SourcePosition other) {
        SourcePosition.requireSameStore(this, other);
        return Long.compareUnsigned(value, ((Lsn) other).value);
    }

    @Override
    public String toString() {
        return notation();
    }

    /** Reads {@code X/Y}, each half in hex of at most 8 digits. */
    public static Lsn parse(String notation) {
        int slash = notation == null ? -1 : notation.indexOf('/');
        if (slash >= 1 && slash <= 8 && notation.length() - slash - 1 >= 1 && notation.length() - slash - 1 <= 8
                && notation.chars().allMatch(c -> c == '/' || Character.digit(c, 16) >= 0)) {
            try {
                return new Lsn((Long.parseLong(notation.substring(0, slash), 16) << 32)
                        | Long.parseLong(notation.substring(slash + 1), 16));
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException("LSN \"" + notation + "\" is not <hex>/<hex> (e.g. 16/B374D848)");
    }
}
