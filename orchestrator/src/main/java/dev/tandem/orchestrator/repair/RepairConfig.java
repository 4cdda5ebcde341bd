package dev.tandem.orchestrator.repair;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The repair of settled divergence ({@link RepairWorker}). */
@ConfigMapping(prefix = "tandem.repair")
public interface RepairConfig {

    /**
     * Repair every settled divergence as it arrives, in the phases that mirror (DUAL_WRITE to
     * WRITE_ENGINE). Off, divergences are only listed and repaired on request.
     */
    @WithDefault("true")
    boolean auto();

    /** Kafka consumer group of the repair workers: the orchestrator instances share the divergence partitions. */
    @WithName("group-id")
    @WithDefault("tandem.repair")
    String groupId();

    /**
     * Attempts of one repair that keeps FAILING (a store down) before it is handed to the replay queue,
     * which retries it until it applies (the worker then moves on).
     */
    @WithName("max-attempts")
    @WithDefault("10")
    int maxAttempts();

    /** Wait before the second attempt; doubled before each further one. */
    @WithName("initial-backoff")
    @WithDefault("1s")
    Duration initialBackoff();

    /** The longest wait between two attempts. */
    @WithName("max-backoff")
    @WithDefault("30s")
    Duration maxBackoff();

    /** How many recent repairs {@code GET /admin/repair} lists. */
    @WithName("recent-size")
    @WithDefault("200")
    int recentSize();
}
