package dev.tandem.orchestrator.repair;

/** What one repair did; the caller counts these ({@code tandem_repairs_total{outcome}}). */
public enum RepairOutcome {
    /** Both stores now hold the merge of what each held (a revocation held by either is in both). */
    REPAIRED,
    /** Nothing to do: the stores already agree. */
    ALREADY_EQUAL,
    /** A store failed, or the stores kept disagreeing; the reason says which. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
