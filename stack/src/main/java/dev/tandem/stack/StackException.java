package dev.tandem.stack;

import dev.tandem.commandline.CommandFailure;

/** The stack refused or failed: the message is the whole story, shown as {@code stack: MESSAGE}, exit 1. */
public final class StackException extends CommandFailure {

    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }
}
