package dev.tandem.orchestrator.backfill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the orchestrator runs the backfill ({@code tandem.backfill.*}); a start may override the rate. */
@ConfigMapping(prefix = "tandem.backfill")
public interface BackfillConfig {
    /** Legacy rows scanned per second at most; 0 for no limit. */
    @WithDefault("0")
    int rowsPerSecond();

    /** Rows per chunk: read, written and checkpointed in one transaction. */
    @WithDefault("5000")
    int chunkSize();

    /**
     * Rows expiring within this horizon are not copied: they will be gone before reads move to the
     * engine. Set it to how long the cutover takes from here.
     */
    @WithDefault("1h")
    Duration expiryHorizon();

    /** Checker lag above which the backfill slows down, to leave the checker room (see the backfill's Throttle). */
    @WithDefault("5s")
    Duration lagThreshold();

    /** How often this instance looks for a backfill whose instance died, to continue it. */
    @WithDefault("10s")
    Duration takeOverInterval();
}
