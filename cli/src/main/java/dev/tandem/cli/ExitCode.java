package dev.tandem.cli;

/**
 * What the CLI's exit status means, so that scripts and runbooks can branch on it. Only these values
 * are ever returned; 3 and 4 only by {@code verify}, which follows the {@code kubectl diff} convention
 * (0 equal, 1 different, 2 or more an error).
 */
public final class ExitCode {
    /** The command did what was asked (or, with {@code --dry-run}, would do it); {@code verify}: the stores agree. */
    public static final int DONE = 0;
    /**
     * The orchestrator refused the change (HTTP 409): a guard failed, the state machine does not allow the
     * step, or another change got there first. Also a {@code --dry-run} whose change would be refused, a
     * {@code repair} of which one id failed, and a backfill that FAILED (or, with {@code --wait}, ended
     * other than DONE).
     */
    public static final int REFUSED = 1;
    /** {@code verify}: the run finished and found differences. */
    public static final int STORES_DIFFER = 1;
    /** Bad usage, no admin token, an orchestrator that cannot be reached or answered with an error. */
    public static final int USAGE_OR_CONNECTION = 2;
    /** {@code verify}: the run FAILED (a store could not be read, the phase changed): no verdict. */
    public static final int VERIFICATION_FAILED = 3;
    /** {@code verify status}: the latest run has no verdict yet (still running, or stopped unfinished). */
    public static final int NO_VERDICT = 4;

    private ExitCode() {
    }
}
