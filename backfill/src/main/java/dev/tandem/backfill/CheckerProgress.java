package dev.tandem.backfill;

/**
 * What the backfill's throttle reads of the consistency checker.
 *
 * @param lagMs           how far behind its stores the checker reads, in ms; negative when unknown
 * @param eventsPerSecond change events it checked per second lately: tells a checker digesting a
 *                        backlog (its lag rises, yet it checks thousands a second) from a stalled one
 */
public record CheckerProgress(long lagMs, double eventsPerSecond) {
    /** No checker to spare: nothing to slow down for. */
    public static final CheckerProgress CAUGHT_UP = new CheckerProgress(0, 0);
}
