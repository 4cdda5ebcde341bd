package dev.tandem.orchestrator.instances;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The instances topic, where every orchestrator instance claims its node id and says it is alive
 * ({@code tandem.instances.*}, see {@link Instances}). Every key is optional.
 */
@ConfigMapping(prefix = "tandem.instances")
public interface InstancesConfig {
    String HEARTBEAT_MS = "tandem.instances.heartbeat-ms";

    /**
     * The Kafka topic of the instances of one migration (one partition, created when absent). By
     * default one per control log, so that every instance of a migration, and only they, share it.
     */
    @WithDefault("${tandem.control.topic:tandem.control}.instances")
    String topic();

    /** Kafka's {@code bootstrap.servers} for the topic; defaults to {@code kafka.bootstrap.servers}. */
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:59092}")
    String bootstrapServers();

    /** How often an instance says it is alive, in milliseconds (at most a third of the control lease). */
    @WithDefault("1000")
    int heartbeatMs();
}
