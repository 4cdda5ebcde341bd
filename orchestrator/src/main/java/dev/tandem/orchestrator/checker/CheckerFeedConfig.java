package dev.tandem.orchestrator.checker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * Where the orchestrator reads the consistency checker's reports. The topic keys are the checker
 * process's own ({@code CheckerConfig}), with the same defaults, so that one environment variable
 * ({@code TANDEM_CHECKER_TOPIC_DIVERGENCE}) configures both sides.
 */
@ConfigMapping(prefix = "tandem.checker")
public interface CheckerFeedConfig {

    /** The checker's topics. */
    Topic topic();

    /** Kafka's {@code bootstrap.servers} of the checker's topics; defaults to {@code kafka.bootstrap.servers}. */
    @WithName("kafka.bootstrap-servers")
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:59092}")
    String bootstrapServers();

    /**
     * A status older than this counts as unknown: a killed checker's last status still says RUNNING.
     * Several of the checker's status intervals ({@code tandem.checker.check.status-interval-ms}), so that
     * a status or two late under load is not taken for a checker that is gone.
     */
    @WithName("status-stale-after")
    @WithDefault("3s")
    Duration statusStaleAfter();

    /**
     * At most this many settled divergences are kept in memory for {@code GET /admin/divergence}; the
     * counts always come from the checker's statuses, which cover every one.
     */
    @WithName("max-listed-divergences")
    @WithDefault("10000")
    int maxListedDivergences();

    /** Whether this instance reads the checker's topics at all (off only for tests that want no feed). */
    @WithDefault("true")
    boolean enabled();

    interface Topic {
        /** Settled divergences, compacted, keyed by token id; a tombstone once the id matches again. */
        @WithDefault("tandem.divergence")
        String divergence();

        /** One status record per checker instance, each {@code tandem.checker.check.status-interval-ms}. */
        @WithDefault("tandem.checker.status")
        String status();

        /** The legacy change topic: its partition count is what the checker instances must cover. */
        @WithName("legacy-changes")
        @WithDefault("tandem.changes.legacy")
        String legacyChanges();
    }
}
