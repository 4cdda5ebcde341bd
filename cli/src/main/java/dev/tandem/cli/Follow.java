package dev.tandem.cli;

import dev.tandem.admin.client.OrchestratorUnreachableException;
import dev.tandem.commandline.ProgressLine;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How {@code --wait} follows a job: it asks every {@code interval}; on a terminal it redraws one
 * progress line in place, elsewhere (a log, a CI job) it writes a line every {@code logInterval},
 * so that a long backfill leaves a readable trail instead of thousands of lines. The drawing is
 * {@link ProgressLine}'s, as for every Tandem entry point; the spacing of log lines is this class's.
 *
 * @param interval    time between two status requests
 * @param terminal    whether stdout is a terminal, where {@code \r} redraws a line
 * @param logInterval least time between two progress lines when not on a terminal
 * @param nanoTime    the clock that spaces those lines
 */
public record Follow(Duration interval, boolean terminal, Duration logInterval, LongSupplier nanoTime) {
    public static final Duration INTERVAL = Duration.ofMillis(500);
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

    /** Following as a person or a script sees it: System.console() tells a terminal from a pipe. */
    public static Follow system() {
        return new Follow(INTERVAL, System.console() != null, LOG_INTERVAL, System::nanoTime);
    }

    /** Waits one interval before the next status request. */
    void pause() throws OrchestratorUnreachableException {
        if (interval.isZero()) {
            return;
        }
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrchestratorUnreachableException("interrupted while following the job; it goes on in the orchestrator");
        }
    }

    /** A progress line on {@code out}, drawn as this follow says. */
    Line line(PrintStream out) {
        return new Line(out);
    }

    /** One job's progress line. {@link #end} must follow the last {@link #show}. */
    final class Line {
        private final ProgressLine line;
        private String shown;
        private long shownAt;

        private Line(PrintStream out) {
            this.line = new ProgressLine(out, terminal);
        }

        /** Shows {@code progress}: redrawn on a terminal; in a log, only when the last line is old enough. */
        void show(String progress) {
            long now = nanoTime.getAsLong();
            if (terminal || shown == null || now - shownAt >= logInterval.toNanos()) {
                line.show(progress);
                shown = progress;
                shownAt = now;
            }
        }

        /** Shows the final {@code progress} (unless it is the line last written) and ends the line. */
        void end(String progress) {
            if (terminal || !progress.equals(shown)) {
                line.show(progress);
            }
            line.close();
            shown = progress;
        }

        /** Ends a redrawn line before something else is printed, e.g. an error. */
        void interrupt() {
            line.close();
            shown = null;
        }
    }
}
