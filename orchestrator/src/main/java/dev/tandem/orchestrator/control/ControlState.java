package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.time.Instant;

/**
 * The migration's control state as every instance applies it.
 *
 * @param phase       the migration phase
 * @param readFlag    on-call's read override
 * @param rampPercent share of tokens (0-100) read from the engine in {@code READ_ENGINE} with flag {@code auto}
 * @param revision    how many changes led here; a change names the revision it expects (compare-and-set)
 * @param changedAt   when the last change was accepted
 */
public record ControlState(MigrationPhase phase, ReadFlag readFlag, int rampPercent, long revision, Instant changedAt) {
    public static final int DEFAULT_RAMP_PERCENT = 100;

    public static ControlState initial() {
        return new ControlState(MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO, DEFAULT_RAMP_PERCENT, 0, Instant.EPOCH);
    }
}
