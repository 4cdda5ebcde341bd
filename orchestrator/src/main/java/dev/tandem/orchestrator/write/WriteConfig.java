package dev.tandem.orchestrator.write;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The mirrored write path ({@code tandem.write.*}). Every key is optional; its default is below. */
@ConfigMapping(prefix = "tandem.write")
public interface WriteConfig {
    String MIRROR_TIMEOUT_MS = "tandem.write.mirror-timeout-ms";
    String UNMIRRORED_TTL_SECONDS = "tandem.write.unmirrored-ttl-seconds";
    String UNMIRRORED_MAX_IDS = "tandem.write.unmirrored-max-ids";
    String TOMBSTONE_MARGIN_SECONDS = "tandem.write.tombstone-margin-seconds";
    String TOMBSTONE_PURGE_INTERVAL_SECONDS = "tandem.write.tombstone-purge-interval-seconds";

    /**
     * How long a write waits for its mirror, in milliseconds (at least 1). Past it the client gets
     * its answer, the mirror write counts as failed with reason {@code timeout}, and the checker's
     * repair copies the primary's state later. The wait is what keeps read-your-writes across a
     * flag flip, so it should cover a healthy mirror's slowest writes.
     */
    @WithDefault("1000")
    long mirrorTimeoutMs();

    /**
     * How long, in seconds (at least 1), this instance remembers a token whose mirror write failed
     * and reads it from the primary, whatever the flag says. Should exceed the time the checker
     * needs to repair a divergence.
     */
    @WithDefault("900")
    long unmirroredTtlSeconds();

    /**
     * At most this many such tokens are remembered (at least 1); past it the oldest are forgotten
     * first, and their reads may see the mirror's older state until the repair.
     */
    @WithDefault("100000")
    int unmirroredMaxIds();

    /**
     * How long after its token's expiry, in seconds (at least 0), a delete's tombstone is kept. A
     * write older than the delete that arrives later (a mirror write delayed past its timeout, a
     * backfill chunk read before the delete) merges into the tombstone; once the token has expired
     * such a write is harmless, and the margin covers the clocks' skew and the slowest such write.
     */
    @WithDefault("3600")
    long tombstoneMarginSeconds();

    /** How often, in seconds (at least 1), each instance purges expired tombstones from both stores. */
    @WithDefault("600")
    long tombstonePurgeIntervalSeconds();
}
