package dev.tandem.stack.server;

import java.nio.file.Path;
import java.util.Optional;

/** A server that did not come up: what to say, and the log whose tail shows why. */
public final class StartFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path log;

    public StartFailure(String message, Path log) {
        super(message);
        this.log = log;
    }

    public StartFailure(String message) {
        this(message, null);
    }

    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }
}
