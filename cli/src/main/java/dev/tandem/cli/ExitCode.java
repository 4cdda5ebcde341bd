package dev.tandem.cli;

import dev.tandem.commandline.Commands;

/**
 * What the CLI's exit status means, so that scripts and runbooks can branch on it. Only these values
 * are ever returned; 3 and 4 only by {@code verify}, which follows the {@code kubectl diff} convention
 * (0 equal, 1 different, 2 or more an error).
 */
public final class ExitCode {
    /** The command did what was asked (or, with {@code --dry-run}, would do it); {@code verify}: the stores agree. */
    public static final int DONE = Commands.DONE;
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
    public static final int USAGE_OR_CONNECTION = Commands.USAGE;
    /** {@code verify}: the run FAILED (a store could not be read, the phase changed): no verdict. */
    public static final int VERIFICATION_FAILED = 3;
    /** {@code verify status}: the latest run has no verdict yet (still running, or stopped unfinished). */
    public static final int NO_VERDICT = 4;

    /** The help's footer of the control commands (picocli formats it: {@code %%} is a percent sign). */
    static final String HELP = """
            Exit codes:
              0  done (with --dry-run: would be done)
              1  refused by the orchestrator: a guard failed, or another change came first (repair: an id failed)
              2  bad usage, no admin token, or the orchestrator could not be reached or answered an error
            verify has its own (./tandem verify --help): 0 the stores agree, 1 they differ, 2 or more an error.""";

    static final String BACKFILL_HELP = """
            Exit codes:
              0  done; with --wait: the backfill is DONE
              1  refused by the orchestrator (e.g. not in DUAL_WRITE or later, already DONE), or the backfill
                 FAILED; with --wait: it ended other than DONE (PAUSED, FAILED)
              2  bad usage, no admin token, or the orchestrator could not be reached or answered an error""";

    static final String VERIFY_HELP = """
            Exit codes (the kubectl diff convention; verify status gives the latest run's):
              0  the run is DONE and the stores agree (without --wait: the run was started)
              1  the run is DONE and the stores differ
              2  bad usage, no admin token, the orchestrator could not be reached or answered an error, a run
                 is already running (without --wait), or none ever ran (verify status)
              3  the run FAILED
              4  no verdict yet: the run is still running, or stopped unfinished (verify status)""";

    private ExitCode() {
    }
}
