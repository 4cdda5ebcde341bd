package dev.tandem.checker.cdc;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Source offsets in a file that a crash cannot corrupt. Kafka's {@code FileOffsetBackingStore}
 * rewrites its file in place and, at start, takes a truncated file for an empty one: after a
 * {@code kill -9} at the wrong moment a capture would snapshot again, or start from the binlog's
 * end and miss every change in between. Here each save goes to a
 * temporary file, is forced to disk and atomically renamed over the old one; and a file that does
 * not read back whole fails the start instead of being ignored.
 *
 * <p>Configured by Debezium's {@code offset.storage.file.filename}; the engine creates it by class
 * name ({@code offset.storage}) through its no-argument constructor.
 */
public final class DurableFileOffsetStore extends MemoryOffsetBackingStore {
    static final String FILENAME = "offset.storage.file.filename";
    private static final int MAGIC = 0x7444_4f31; // "tDO1"

    private Path file;

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        String name = config.originalsStrings().get(FILENAME);
        if (name == null || name.isBlank()) {
            throw new ConnectException(FILENAME + " is required by " + getClass().getSimpleName());
        }
        file = Path.of(name);
    }

    @Override
    public synchronized void start() {
        super.start();
        data = load(file);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        // Only Kafka Connect's REST offsets API asks; the embedded engine never does.
        return Set.of();
    }

    @Override
    protected void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)))) {
                write(out, data);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ConnectException("cannot save source offsets to " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<ByteBuffer, ByteBuffer> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(new DataInputStream(new BufferedInputStream(in)), file);
        } catch (NoSuchFileException e) {
            return new HashMap<>();
        } catch (IOException e) {
            throw new ConnectException("cannot read source offsets from " + file + " (" + e + "): refusing to start"
                    + " from an unknown position; restore the file or delete it to capture from now on", e);
        }
    }

    private static void write(DataOutputStream out, Map<ByteBuffer, ByteBuffer> entries) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(entries.size());
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : entries.entrySet()) {
            writeBuffer(out, entry.getKey());
            writeBuffer(out, entry.getValue());
        }
        out.writeInt(MAGIC);
    }

    private static Map<ByteBuffer, ByteBuffer> read(DataInputStream in, Path file) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException(file + " is not an offsets file of " + DurableFileOffsetStore.class.getSimpleName());
        }
        int count = in.readInt();
        Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(readBuffer(in), readBuffer(in));
        }
        if (in.readInt() != MAGIC) {
            throw new IOException(file + " is incomplete");
        }
        return entries;
    }

    private static void writeBuffer(DataOutputStream out, ByteBuffer buffer) throws IOException {
        if (buffer == null) {
            out.writeInt(-1);
            return;
        }
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static ByteBuffer readBuffer(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
