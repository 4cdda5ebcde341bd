package dev.tandem.orchestrator.cutover;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/**
 * The automatic cutover's pace ({@code tandem.cutover.*}). Every key is optional; its default is in
 * {@link WithDefault}. Durations take Quarkus' forms ({@code 5s}, {@code 5m}, {@code PT5M}). Whether
 * the cutover runs at all is not configuration but part of the replicated control state (switched
 * with {@code PUT /admin/migration/auto-cutover}), so that every instance agrees and it is audited.
 */
@ConfigMapping(prefix = "tandem.cutover")
public interface CutoverConfig {
    String INTERVAL = "tandem.cutover.interval";
    String RAMP = "tandem.cutover.ramp";
    String DWELL = "tandem.cutover.dwell";

    /** How often each instance looks at the guards and decides (at least 100 ms). */
    @WithDefault("5s")
    Duration interval();

    /**
     * The ramp: shares of tokens, in percent, read from the engine in {@code READ_ENGINE}, in the
     * order the cutover steps through them. Strictly increasing, each from 1 to 100, the last 100.
     */
    @WithDefault("1,10,50,100")
    List<Integer> ramp();

    /** How long reads stay at one ramp step before the next one (zero or more). */
    @WithDefault("5m")
    Duration dwell();
}
