package dev.tandem.launcher;

import dev.tandem.commandline.CommandFailure;

/** Something the launcher could not do, said in one line ({@code tandem: …}, exit 1); what runs keeps running. */
public final class LaunchException extends CommandFailure {
    private static final long serialVersionUID = 1L;

    public LaunchException(String message) {
        super(message);
    }
}
