package dev.tandem.demo.walk;

/** The walk cannot go on: the message says where it stopped and why. */
public final class WalkFailure extends Exception {
    public WalkFailure(String message) {
        super(message);
    }
}
