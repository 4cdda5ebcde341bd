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
 * @param autoCutover whether the automatic cutover may move reads onto the engine (package {@code cutover})
 * @param revision    how many changes led here; a change names the revision it expects (compare-and-set)
 * @param changedAt   when the last change was accepted
 * @param fence       writes held for a switch of the primary, or null (almost always)
 */
public record ControlState(MigrationPhase phase, ReadFlag readFlag, int rampPercent, boolean autoCutover, long revision,
                           Instant changedAt, WriteFence fence) {
    public static final int DEFAULT_RAMP_PERCENT = 100;

    /** A state without a write fence. */
    public ControlState(MigrationPhase phase, ReadFlag readFlag, int rampPercent, boolean autoCutover, long revision,
                        Instant changedAt) {
        this(phase, readFlag, rampPercent, autoCutover, revision, changedAt, null);
    }

    /** A state with the automatic cutover off, as every state was before the policy existed. */
    public ControlState(MigrationPhase phase, ReadFlag readFlag, int rampPercent, long revision, Instant changedAt) {
        this(phase, readFlag, rampPercent, false, revision, changedAt);
    }

    public static ControlState initial() {
        return new ControlState(MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO, DEFAULT_RAMP_PERCENT, false, 0, Instant.EPOCH);
    }

    /** Whether writes are held for a switch at {@code now}. */
    public boolean writesHeld(Instant now) {
        return fence != null && fence.holds(now);
    }
}
