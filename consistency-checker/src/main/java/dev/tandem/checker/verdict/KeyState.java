package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Side;
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
 * @param readPastMs     a PENDING id whose grace window has passed but whose streams have not been
 *                       read far enough: the source commit time both change streams must be read
 *                       past before it settles; -1 otherwise. Such an id has no wall-clock timer: it
 *                       waits in an index ordered by this time, and costs nothing until the streams
 *                       get there (a checker catching up on a 100,000-row snapshot holds that many).
 */
public record KeyState(SideState legacy, SideState engine, Phase phase, Classification classification,
                       long sinceMs, long basisCommitMs, long detectedAtMs, long timerDueMs, long readPastMs) {

    public enum Phase {
        MATCH, PENDING, SETTLED
    }

    public static final KeyState EMPTY = new KeyState(SideState.ABSENT, SideState.ABSENT, Phase.MATCH,
            Classification.MATCH, -1, -1, -1, -1, -1);

    public SideState side(Side side) {
        return side == Side.LEGACY ? legacy : engine;
    }

    public KeyState withSide(Side side, SideState state) {
        return side == Side.LEGACY
                ? new KeyState(state, engine, phase, classification, sinceMs, basisCommitMs, detectedAtMs, timerDueMs, readPastMs)
                : new KeyState(legacy, state, phase, classification, sinceMs, basisCommitMs, detectedAtMs, timerDueMs, readPastMs);
    }

    public boolean absentFromBoth() {
        return !legacy.present() && !engine.present();
    }
}
