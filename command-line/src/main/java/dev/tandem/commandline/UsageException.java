package dev.tandem.commandline;

/**
 * A command line that cannot run, found after parsing (a file it names is missing, two options
 * disagree): the message names the option, the value and what is valid. {@link Commands#run} answers
 * it like a parse error: one line and exit code {@link Commands#USAGE}.
 */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
