package dev.tandem.orchestrator.phase;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The phases of a migration and the steps allowed between them.
 *
 * <pre>
 *  LEGACY_ONLY ⇄ DUAL_WRITE ⇄ SHADOW_READ ⇄ READ_ENGINE ⇄ WRITE_ENGINE ──▶ ENGINE_ONLY
 *       ▲            ▲             ▲             ▲               │         (point of no return)
 *       └────────────┴─────────────┴─────────────┴───────────────┘
 *                     backward steps: to any earlier phase
 * </pre>
 *
 * Forward steps go one phase at a time and are checked by guards (a forced step skips them and is
 * audited as forced). Backward steps go to any earlier phase, always allowed until
 * {@link #ENGINE_ONLY}: once there, nothing mirrors to legacy any more, so no way back exists.
 */
public enum MigrationPhase {
    /** Legacy serves everything; the engine is not written. */
    LEGACY_ONLY(Store.LEGACY, null, Store.LEGACY),
    /** Legacy is primary, every write is mirrored to the engine; backfill copies old rows. */
    DUAL_WRITE(Store.LEGACY, Store.ENGINE, Store.LEGACY),
    /** As DUAL_WRITE; a sample of reads also reads the engine and compares. */
    SHADOW_READ(Store.LEGACY, Store.ENGINE, Store.LEGACY),
    /** As DUAL_WRITE; reads come from the engine (rampable by percentage). */
    READ_ENGINE(Store.LEGACY, Store.ENGINE, Store.ENGINE),
    /** The engine is primary and mirrors back to legacy, so a rollback stays lossless. */
    WRITE_ENGINE(Store.ENGINE, Store.LEGACY, Store.ENGINE),
    /** The engine alone. Rollback is no longer possible. */
    ENGINE_ONLY(Store.ENGINE, null, Store.ENGINE);

    /** The two stores, as phases and the read flag name them. */
    public enum Store {
        LEGACY, ENGINE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The point of no return: entering it stops the mirror to legacy, after which a rollback would
     * lose every write since. Entering it must be deliberate (guards, or force with a reason).
     */
    public static final MigrationPhase POINT_OF_NO_RETURN = ENGINE_ONLY;

    private final Store primary;
    private final Store mirror;
    private final Store defaultReads;

    MigrationPhase(Store primary, Store mirror, Store defaultReads) {
        this.primary = primary;
        this.mirror = mirror;
        this.defaultReads = defaultReads;
    }

    /** The store whose commit acknowledges a write. */
    public Store primary() {
        return primary;
    }

    /** The store every write is mirrored to, or null when nothing is mirrored. */
    public Store mirror() {
        return mirror;
    }

    /** Where reads go when the read flag is {@code auto}. */
    public Store defaultReads() {
        return defaultReads;
    }

    /** Whether the read flag may point at legacy: only while legacy still receives every write. */
    public boolean legacyReadable() {
        return this != ENGINE_ONLY;
    }

    public boolean isForwardStepTo(MigrationPhase target) {
        return target.ordinal() == ordinal() + 1;
    }

    public boolean isBackwardStepTo(MigrationPhase target) {
        return target.ordinal() < ordinal() && this != ENGINE_ONLY;
    }

    /** The phases this phase may move to: the next one, and every earlier one until the point of no return. */
    public Set<MigrationPhase> allowedTargets() {
        Set<MigrationPhase> targets = EnumSet.noneOf(MigrationPhase.class);
        for (MigrationPhase target : values()) {
            if (isForwardStepTo(target) || isBackwardStepTo(target)) {
                targets.add(target);
            }
        }
        return targets;
    }

    public static MigrationPhase parse(String value) {
        for (MigrationPhase phase : values()) {
            if (phase.name().equalsIgnoreCase(value)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a phase (valid: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
