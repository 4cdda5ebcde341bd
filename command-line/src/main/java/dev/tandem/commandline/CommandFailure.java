package dev.tandem.commandline;

/**
 * A command that could not do what was asked (a server did not start, a file it needs is missing): the
 * message is the whole story. {@link Commands#run} answers it with one line and exit code
 * {@link Commands#FAILED}, never a stack trace; what already ran is left as it is.
 */
public class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }
}
