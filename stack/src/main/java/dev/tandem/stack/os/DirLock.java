package dev.tandem.stack.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that serializes up and down on one state directory: test JVMs of parallel Maven modules may
 * all start the test stack at once. A file lock holds between processes; within one JVM, where a file
 * lock cannot be taken twice, a plain lock serializes the callers first.
 */
public final class DirLock implements AutoCloseable {

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private DirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code file}, waiting up to {@code timeout}; empty when another holds it that long. */
    public static Optional<DirLock> acquire(Path file, Duration timeout) {
        IN_THIS_JVM.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileChannel opened = channel;
            FileLock[] held = new FileLock[1];
            boolean locked = Poll.until(timeout, () -> {
                try {
                    held[0] = opened.tryLock();
                    return held[0] != null;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot lock " + file, e);
                }
            });
            if (!locked) {
                channel.close();
                IN_THIS_JVM.unlock();
                return Optional.empty();
            }
            return Optional.of(new DirLock(channel, held[0]));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + file, io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it as well
        } finally {
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
