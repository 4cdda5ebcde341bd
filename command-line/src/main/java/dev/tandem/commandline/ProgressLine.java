package dev.tandem.commandline;

import java.io.PrintStream;

/**
 * The one place progress is drawn: on a terminal one line, redrawn in place; anywhere else (a file,
 * a pipe, CI's log) one plain line per update, so that logs stay readable and scripts can follow.
 */
public final class ProgressLine implements AutoCloseable {
    private final PrintStream out;
    private final boolean redraw;
    private int drawn = -1;

    /** Redraws in place only when {@code redraw}. */
    public ProgressLine(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /**
     * To {@code out}, redrawn in place when it is this process's standard output and that is a
     * terminal. Java 17 cannot tell whether stderr is a terminal, so progress on stderr is plain lines.
     */
    public static ProgressLine on(PrintStream out) {
        return new ProgressLine(out, out == System.out && System.console() != null);
    }

    /** Shows {@code line} as the current progress. */
    public synchronized void show(String line) {
        if (!redraw) {
            out.println(line);
            return;
        }
        // Spaces over the rest of a longer previous line: \r moves back but does not clear.
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
    }

    /** Ends the redrawn line, so that what follows starts on a line of its own. */
    @Override
    public synchronized void close() {
        if (redraw && drawn >= 0) {
            out.println();
            drawn = -1;
        }
    }
}
