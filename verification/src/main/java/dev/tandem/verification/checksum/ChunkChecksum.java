package dev.tandem.verification.checksum;

import java.math.BigInteger;

/** What one database says about one chunk: how many rows, and the sum of their canonical hashes. */
public record ChunkChecksum(long rows, BigInteger sum) {
    public static final ChunkChecksum EMPTY = new ChunkChecksum(0, BigInteger.ZERO);

    public ChunkChecksum plus(ChunkChecksum other) {
        return new ChunkChecksum(rows + other.rows, sum.add(other.sum));
    }
}
