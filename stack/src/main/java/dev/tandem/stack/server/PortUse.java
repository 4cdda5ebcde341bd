package dev.tandem.stack.server;

/** A port a server listens on, with the option that moves it (for the message when it is taken). */
public record PortUse(int port, String option) {
}
