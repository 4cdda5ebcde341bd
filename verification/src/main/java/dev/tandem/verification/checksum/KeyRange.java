package dev.tandem.verification.checksum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One chunk of the key space: ids from {@code lower} (inclusive) to {@code upper} (exclusive; null
 * for the last chunk, which is open above). Both stores order ids by bytes (MariaDB utf8mb4_bin,
 * PostgreSQL COLLATE "C"), so a range selects the same ids on both sides, and every string,
 * valid id or not, falls into exactly one chunk: the first is open below ({@code lower} is "").
 */
public record KeyRange(int chunkNo, String lower, String upper) {
    /** The key space is cut by the first four hex digits of the id. */
    public static final int MAX_CHUNKS = 65_536;

    /** The {@code chunkNo}-th of {@code chunkCount} ranges of equal width in id space. */
    public static KeyRange of(int chunkNo, int chunkCount) {
        if (chunkCount < 1 || chunkCount > MAX_CHUNKS) {
            throw new IllegalArgumentException("chunk count " + chunkCount + " is out of range (valid: 1 to " + MAX_CHUNKS + ")");
        }
        if (chunkNo < 0 || chunkNo >= chunkCount) {
            throw new IllegalArgumentException("chunk " + chunkNo + " is not one of 0 to " + (chunkCount - 1));
        }
        String lower = chunkNo == 0 ? "" : boundary(chunkNo, chunkCount);
        String upper = chunkNo == chunkCount - 1 ? null : boundary(chunkNo + 1, chunkCount);
        return new KeyRange(chunkNo, lower, upper);
    }

    public static List<KeyRange> all(int chunkCount) {
        List<KeyRange> ranges = new ArrayList<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            ranges.add(of(i, chunkCount));
        }
        return ranges;
    }

    public boolean contains(String id) {
        return id.compareTo(lower) >= 0 && (upper == null || id.compareTo(upper) < 0);
    }

    private static String boundary(int chunkNo, int chunkCount) {
        return String.format(Locale.ROOT, "%04x", (int) ((long) chunkNo * MAX_CHUNKS / chunkCount));
    }

    @Override
    public String toString() {
        return "chunk " + chunkNo + " [" + lower + ", " + (upper == null ? "end" : upper) + ")";
    }
}
