package dev.tandem.verification.run;

import dev.tandem.verification.Difference;
import dev.tandem.verification.checksum.ChunkChecksum;

import java.util.List;

/** The outcome of one chunk, written in one transaction with its differences. */
public record ChunkResult(int chunkNo, ChunkChecksum legacy, ChunkChecksum engine, long rowsCompared,
                          boolean comparedRecords, List<Difference> differences, long millis) {
}
