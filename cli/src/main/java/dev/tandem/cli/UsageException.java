package dev.tandem.cli;

/**
 * The command line or the local set-up is wrong: exit {@link ExitCode#USAGE_OR_CONNECTION} with the
 * message as one line on stderr. The message names the option, the value and what is valid.
 */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
