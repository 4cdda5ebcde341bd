package dev.tandem.stack.os;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a condition by polling it, the one way the stack waits for a process or a file. */
public final class Poll {

    /** How often a condition is polled: short beside a server's start, long beside a syscall. */
    public static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** Whether {@code condition} held within {@code timeout}; it is polled at least once. */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause();
        }
    }

    static void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(INTERVAL.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
