package dev.tandem.orchestrator.guard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The bounds of the guards that read the consistency checker ({@link DivergenceZeroGuard}, {@link CheckerLagGuard}). */
@ConfigMapping(prefix = "tandem.guards")
public interface CheckerGuardConfig {

    /** How long settled critical and major divergence must have been zero, with the checker reporting throughout. */
    @WithDefault("5m")
    Duration divergenceWindow();

    /** The largest checker lag of either store that still passes. */
    @WithDefault("5s")
    Duration maxCheckerLag();
}
