package dev.tandem.checker.verdict;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Token ids ordered by a time, in a state store: the check's wall-clock timers and its read-past
 * index. A key is the time (8 bytes big-endian, so that byte order is time order), then the id.
 *
 * <p>Entries are deleted in time order as they come due, and RocksDB keeps a tombstone for each
 * until a compaction: a scan that seeks from time 0 steps over every one of them. At 100,000 ids
 * waiting for a snapshot to be read, that seek took most of the stream thread's time. So the index
 * remembers where its live entries begin ({@link #scanFromMs}) and scans from there: a tombstone is
 * stepped over by a few scans at most, not by every scan until the next compaction. The position
 * lives in memory only; after a restart the first scan starts from 0 again.
 */
final class TimeIndex {
    private static final byte[] PRESENT = new byte[0];

    /** A due entry: its key in the store, its time and its id. */
    record Entry(Bytes key, long atMs, String id) {
    }

    private final KeyValueStore<Bytes, byte[]> store;
    /** Every live entry is at or after this time. */
    private long scanFromMs;

    TimeIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Moves an id from one time to another; -1 for none. */
    void move(String id, long fromMs, long toMs) {
        if (fromMs == toMs) {
            if (toMs >= 0) {
                // Looked at and kept where it was: it is live, so the next scan must not pass it by.
                scanFromMs = Math.min(scanFromMs, toMs);
            }
            return;
        }
        if (fromMs >= 0) {
            store.delete(key(fromMs, id));
        }
        if (toMs >= 0) {
            store.put(key(toMs, id), PRESENT);
            scanFromMs = Math.min(scanFromMs, toMs);
        }
    }

    /** Removes an entry whose id no longer wants that time. */
    void delete(Entry entry) {
        store.delete(entry.key());
    }

    /**
     * The first {@code max} entries at or before {@code untilMs}, in time order. The caller moves or
     * deletes each of them; what it keeps in place it must report through {@link #move}.
     */
    List<Entry> due(long untilMs, int max) {
        List<Entry> due = new ArrayList<>();
        if (untilMs < scanFromMs) {
            return due;
        }
        long end = untilMs == Long.MAX_VALUE ? Long.MAX_VALUE : untilMs + 1;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(key(scanFromMs, null), key(end, null))) {
            while (it.hasNext() && due.size() < max) {
                Bytes key = it.next().key;
                ByteBuffer bytes = ByteBuffer.wrap(key.get());
                long atMs = bytes.getLong();
                due.add(new Entry(key, atMs, StandardCharsets.UTF_8.decode(bytes).toString()));
            }
        }
        // Cut short: the rest starts at the last entry's time. Complete: nothing live is left up to untilMs.
        scanFromMs = due.size() == max ? due.get(due.size() - 1).atMs() : end;
        return due;
    }

    static Bytes key(long atMs, String id) {
        byte[] idBytes = id == null ? new byte[0] : id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(atMs).put(idBytes).array());
    }
}
