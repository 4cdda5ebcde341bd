package dev.tandem.orchestrator.write;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The mirrored write path ({@code tandem.write.*}). Every key is optional; its default is below. */
@ConfigMapping(prefix = "tandem.write")
public interface WriteConfig {
    String MIRROR_TIMEOUT_MS = "tandem.write.mirror-timeout-ms";
    String TOMBSTONE_MARGIN_SECONDS = "tandem.write.tombstone-margin-seconds";
    String TOMBSTONE_PURGE_INTERVAL_SECONDS = "tandem.write.tombstone-purge-interval-seconds";

    /**
     * How long a write waits for its mirror, in milliseconds (at least 1). Past it the mirror write counts
     * as failed with reason {@code timeout} and is queued for replay ({@code tandem.replay.*}) before
     * the client gets its answer. The wait is what keeps read-your-writes across a
     * flag flip, so it should cover a healthy mirror's slowest writes.
     */
    @WithDefault("1000")
    long mirrorTimeoutMs();

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
