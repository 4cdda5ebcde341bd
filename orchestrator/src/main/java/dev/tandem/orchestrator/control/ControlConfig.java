package dev.tandem.orchestrator.control;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the control log lives and how closely an instance follows it ({@code tandem.control.*}).
 * Every key is optional; its default is in {@link WithDefault}.
 */
@ConfigMapping(prefix = "tandem.control")
public interface ControlConfig {

    /**
     * The Kafka topic holding the control log. Every instance of one migration must name the same
     * topic; it is created (one partition, kept forever) when absent.
     */
    @WithDefault("tandem.control")
    String topic();

    /** Kafka's {@code bootstrap.servers} for the control log; defaults to {@code kafka.bootstrap.servers}. */
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:59092}")
    String bootstrapServers();

    /**
     * How long one poll of the control log waits, in milliseconds (1 to 500). It bounds how late an
     * instance applies a change made through another one, which must stay under a second.
     */
    @WithDefault("100")
    int pollTimeoutMs();

    /**
     * How long a proposed change may take to be written and read back, in milliseconds, before the
     * request fails with 503 (the change may still land: the log is the truth).
     */
    @WithDefault("10000")
    int proposeTimeoutMs();

    /** Timeout of one Kafka request (topic creation, metadata, a produce), in milliseconds. */
    @WithDefault("5000")
    int kafkaTimeoutMs();

    /**
     * How long an instance keeps admitting writes without confirming that it has read the whole
     * control log and that its presence reached the instances topic, in milliseconds (at least
     * three heartbeats, {@code tandem.instances.heartbeat-ms}). Past it the instance goes unready
     * and answers writes 503 until it has caught up: a rollback must not miss an instance that
     * lost Kafka. The switch barrier counts an instance as gone only after a lease and a
     * heartbeat of silence.
     */
    @WithDefault("5000")
    int leaseMs();

    /** Wait before reconnecting after Kafka failed, in milliseconds. */
    @WithDefault("1000")
    int retryBackoffMs();
}
