package dev.tandem.stack.server;

/** The stack's ports on 127.0.0.1; the KRaft controller takes the port after Kafka's. */
public record Ports(int legacy, int engine, int kafka) {

    public static final int DEFAULT_LEGACY = 33306;
    public static final int DEFAULT_ENGINE = 55432;
    public static final int DEFAULT_KAFKA = 59092;

    public int kafkaController() {
        return kafka + 1;
    }
}
