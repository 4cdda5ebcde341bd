package dev.tandem.stack.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the stack tells its user: one line per event, prefixed by the server it concerns, so that the
 * output of servers starting in parallel stays readable. Lines go to {@code out}; the tails of logs
 * after a failure to {@code err}.
 */
public final class Output {

    private static final int LOG_TAIL_LINES = 15;

    private final Consumer<String> out;
    private final Consumer<String> err;

    public Output(Consumer<String> out, Consumer<String> err) {
        this.out = out;
        this.err = err;
    }

    public synchronized void say(String who, String message) {
        out.accept(String.format(Locale.ROOT, "%-9s %s", who, message));
    }

    /** A line as it is, e.g. a heading above the lines of one stack. */
    public synchronized void line(String text) {
        out.accept(text);
    }

    /** The last lines of a server log after a failure, indented, so that the cause is on screen. */
    public synchronized void showLogTail(Path file) {
        if (!Files.isReadable(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return;
        }
        err.accept("          last lines of " + file + ":");
        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                .forEach(line -> err.accept("            " + line));
    }

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()}), with one decimal. */
    public static String secondsSince(long startNanos) {
        return String.format(Locale.ROOT, "%.1f", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }
}
