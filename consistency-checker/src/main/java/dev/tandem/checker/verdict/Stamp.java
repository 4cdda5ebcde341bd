package dev.tandem.checker.verdict;

import java.util.Comparator;

/**
 * Where a change sits in its store's history: the source commit time, then the source position to
 * order changes committed in the same millisecond (MariaDB's binlog keeps whole seconds, so most
 * legacy ties are decided here). Stamps of one store are comparable; those of two stores are not.
 *
 * @param committedAtMs the source commit time, epoch milliseconds
 * @param position      the source position ({@code binlog.000003:4711}, an LSN {@code 0/16B3748}, ...); may be null
 */
public record Stamp(long committedAtMs, String position) implements Comparable<Stamp> {

    private static final Comparator<Stamp> ORDER = Comparator.comparingLong(Stamp::committedAtMs)
            .thenComparing(Stamp::position, Stamp::comparePositions);

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

    /**
     * Positions compared part by part (split at {@code :}): numbers as numbers, LSNs ({@code X/Y} in
     * hex) as LSNs, file names with a numeric suffix ({@code mariadb-bin.000012}) by name then suffix,
     * anything else as text. A missing position is before every present one.
     */
    static int comparePositions(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        String[] left = a.split(":", -1);
        String[] right = b.split(":", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = comparePart(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static int comparePart(String a, String b) {
        Long numberA = number(a);
        Long numberB = number(b);
        if (numberA != null && numberB != null) {
            return Long.compare(numberA, numberB);
        }
        Long lsnA = lsn(a);
        Long lsnB = lsn(b);
        if (lsnA != null && lsnB != null) {
            return Long.compareUnsigned(lsnA, lsnB);
        }
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

    private static Long lsn(String text) {
        int slash = text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1 || text.length() > 17) {
            return null;
        }
        try {
            return (Long.parseUnsignedLong(text.substring(0, slash), 16) << 32)
                    | Long.parseUnsignedLong(text.substring(slash + 1), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
