package dev.tandem.cli;

/**
 * What the CLI's exit status means, so that scripts and runbooks can branch on it. Only these three
 * values are ever returned.
 */
public final class ExitCode {
    /** The command did what was asked (or, with {@code --dry-run}, would do it). */
    public static final int DONE = 0;
    /**
     * The orchestrator refused the change (HTTP 409): a guard failed, the state machine does not allow the
     * step, or another change got there first. Also a {@code --dry-run} whose change would be refused, and a
     * {@code repair} of which one id failed.
     */
    public static final int REFUSED = 1;
    /** Bad usage, no admin token, an orchestrator that cannot be reached or answered with an error. */
    public static final int USAGE_OR_CONNECTION = 2;

    private ExitCode() {
    }
}
