package dev.tandem.checker.verdict;

/**
 * Everything the check keeps for one token id, in its state store: both sides and where the id
 * stands in the verdict life cycle.
 *
 * <pre>
 *            divergent                 grace and both streams' lag passed
 *   MATCH ─────────────────▶ PENDING ─────────────────────────────────────▶ SETTLED
 *     ▲                         │                                              │
 *     └──────── match ──────────┴─────────────── match (tombstone) ───────────┘
 * </pre>
 * A settled id that changes but stays divergent stays settled, and its verdict is published again.
 *
 * @param phase          where the id stands
 * @param classification the latest comparison ({@link Classification#MATCH} in {@link Phase#MATCH})
 * @param sinceMs        wall-clock time at which the current divergent stretch began; -1 in MATCH
 * @param basisCommitMs  latest source commit time among the events of the divergent stretch; -1 in MATCH
 * @param detectedAtMs   wall-clock time at which the divergence settled; -1 unless SETTLED
 * @param timerDueMs     when the id wants to be looked at again without an event (settle, regrade,
 *                       purge); -1 when never
 */
public record KeyState(SideState legacy, SideState engine, Phase phase, Classification classification,
                       long sinceMs, long basisCommitMs, long detectedAtMs, long timerDueMs) {

    public enum Phase {
        MATCH, PENDING, SETTLED
    }

    public static final KeyState EMPTY = new KeyState(SideState.ABSENT, SideState.ABSENT, Phase.MATCH,
            Classification.MATCH, -1, -1, -1, -1);

    public SideState side(Side side) {
        return side == Side.LEGACY ? legacy : engine;
    }

    public KeyState withSide(Side side, SideState state) {
        return side == Side.LEGACY
                ? new KeyState(state, engine, phase, classification, sinceMs, basisCommitMs, detectedAtMs, timerDueMs)
                : new KeyState(legacy, state, phase, classification, sinceMs, basisCommitMs, detectedAtMs, timerDueMs);
    }

    public boolean absentFromBoth() {
        return !legacy.present() && !engine.present();
    }
}
