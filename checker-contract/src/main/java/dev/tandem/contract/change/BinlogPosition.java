package dev.tandem.contract.change;

import java.util.Comparator;

/**
 * A change's place in MariaDB's binlog, from Debezium's {@code source} block: the binlog
 * {@code file}, the {@code pos} of the rows event in it, and the {@code row} within that event (a
 * statement that changes several rows writes one event for all of them). Files compare by their
 * numeric extension ({@code mariadb-bin.000010} after {@code mariadb-bin.000009}), as MariaDB
 * numbers them; then the position in the file, then the row.
 *
 * <p>A snapshot's rows carry the binlog position the snapshot was taken at, which is before every
 * change the binlog holds after it (the next event starts there, its rows later still), and after
 * every change it already contains.
 *
 * @param file the binlog file name, e.g. {@code mariadb-bin.000003}
 * @param pos  the position of the event in the file, in bytes
 * @param row  the row within the event, 0 for the first
 */
public record BinlogPosition(String file, long pos, int row) implements SourcePosition {
    static final String STORE = "legacy";

    private static final Comparator<BinlogPosition> ORDER = Comparator
            .comparing(BinlogPosition::file, BinlogPosition::compareFiles)
            .thenComparingLong(BinlogPosition::pos)
            .thenComparingInt(BinlogPosition::row);

    public BinlogPosition {
        if (file == null || file.isEmpty() || file.indexOf(':') >= 0) {
            throw new IllegalArgumentException("binlog file \"" + file + "\" is not a file name (valid: a name without ':')");
        }
        if (pos < 0 || row < 0) {
            throw new IllegalArgumentException("binlog position " + file + ":" + pos + " row " + row + " is negative");
        }
    }

    @Override
    public String store() {
        return STORE;
    }

    /** {@code file:pos}, and {@code :row} after it for the second and later rows of one event. */
    @Override
    public String notation() {
        return row > 0 ? file + ":" + pos + ":" + row : file + ":" + pos;
    }

    @Override
    public int compareTo(SourcePosition other) {
        SourcePosition.requireSameStore(this, other);
        return ORDER.compare(this, (BinlogPosition) other);
    }

    @Override
    public String toString() {
        return notation();
    }

    /** Reads {@code file:pos} or {@code file:pos:row}. */
    public static BinlogPosition parse(String notation) {
        String[] parts = notation == null ? new String[0] : notation.split(":", -1);
        if (parts.length == 2 || parts.length == 3) {
            try {
                return new BinlogPosition(parts[0], Long.parseLong(parts[1]), parts.length == 3 ? Integer.parseInt(parts[2]) : 0);
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException("binlog position \"" + notation + "\" is not <file>:<pos> or <file>:<pos>:<row>");
    }

    private static int compareFiles(String a, String b) {
        int dotA = a.lastIndexOf('.');
        int dotB = b.lastIndexOf('.');
        if (dotA > 0 && dotB > 0 && a.substring(0, dotA).equals(b.substring(0, dotB))) {
            Long suffixA = number(a.substring(dotA + 1));
            Long suffixB = number(b.substring(dotB + 1));
            if (suffixA != null && suffixB != null) {
                return Long.compare(suffixA, suffixB);
            }
        }
        return a.compareTo(b);
    }

    private static Long number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(text);
    }
}
