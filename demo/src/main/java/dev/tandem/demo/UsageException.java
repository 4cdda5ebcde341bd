package dev.tandem.demo;

/** A command line that cannot run: the message names the option, the value and what is valid. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
