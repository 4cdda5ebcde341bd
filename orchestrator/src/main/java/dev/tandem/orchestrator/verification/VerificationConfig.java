package dev.tandem.orchestrator.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the orchestrator runs full verifications ({@code tandem.verification.*}). */
@ConfigMapping(prefix = "tandem.verification")
public interface VerificationConfig {
    /** Chunks compared at once. */
    @WithDefault("2")
    int threads();

    /** A verification older than this no longer counts for the guards. */
    @WithDefault("1h")
    Duration maxAge();
}
