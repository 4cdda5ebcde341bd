package dev.tandem.checker.repair;

/** What one repair did; the caller counts these ({@code tandem_repairs_total{outcome}}). */
public enum RepairOutcome {
    /** The secondary now holds the primary's state (and a revocation held by either is in both). */
    REPAIRED,
    /** Nothing to do: the stores already agree. */
    ALREADY_EQUAL,
    /** The secondary holds a newer version than the primary; the primary's state must not overwrite it. */
    SKIPPED_NEWER_IN_SECONDARY,
    /** A store failed, or the stores kept disagreeing; the reason says which. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
