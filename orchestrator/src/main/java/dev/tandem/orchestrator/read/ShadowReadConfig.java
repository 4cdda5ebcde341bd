package dev.tandem.orchestrator.read;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Shadow reads in {@code SHADOW_READ} ({@code tandem.shadow-read.*}). Every key is optional; its default is below. */
@ConfigMapping(prefix = "tandem.shadow-read")
public interface ShadowReadConfig {
    String SAMPLE_PERCENT = "tandem.shadow-read.sample-percent";
    String MAX_IN_FLIGHT = "tandem.shadow-read.max-in-flight";
    String TIMEOUT_MS = "tandem.shadow-read.timeout-ms";

    /** Share of reads, 0 to 100, that also read the other store and compare. */
    @WithDefault("10")
    int samplePercent();

    /**
     * Shadow reads running at once on this instance, at least 1. A sampled read beyond it is skipped
     * (counted as {@code tandem_shadow_skipped_total{reason="busy"}}) rather than queued, so a slow
     * store can never build a backlog that competes with served reads.
     */
    @WithDefault("64")
    int maxInFlight();

    /** How long one shadow read may take, in milliseconds (at least 1), before it is given up. */
    @WithDefault("2000")
    long timeoutMs();
}
