package dev.tandem.orchestrator.cutover;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The switch barrier's bounds ({@code tandem.switch.*}); see {@link SwitchBarrier}. */
@ConfigMapping(prefix = "tandem.switch")
public interface SwitchConfig {
    String TIMEOUT = "tandem.switch.timeout";

    /**
     * How long writes may be held while the barrier waits; past it the switch is cancelled and
     * writes go on under the old primary. Also the fence's own deadline, so that a coordinator that
     * dies mid-switch holds nobody's writes for longer.
     */
    @WithDefault("5s")
    Duration timeout();

    /** How often the barrier looks at its conditions while it waits. */
    @WithDefault("20ms")
    Duration pollInterval();
}
