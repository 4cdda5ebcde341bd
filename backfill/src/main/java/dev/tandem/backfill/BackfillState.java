package dev.tandem.backfill;

import java.util.EnumSet;
import java.util.Set;

/**
 * The durable state of a backfill, kept in its checkpoint.
 *
 * <pre>
 *              start()
 *   (none) ─────────────► RUNNING ◄────── resume() ─────── PAUSED
 *                          │ │ └──────────── pause() ───────► ▲
 *                          │ │                                 │
 *                          │ └── a chunk fails for good ──► FAILED ── resume() / start() ──► RUNNING
 *                          │
 *                          └── the last chunk ──► DONE ── start(restart) ──► RUNNING (from the first id)
 * </pre>
 *
 * DONE is final unless an operator asks for a restart; a FAILED job resumes from its checkpoint.
 */
public enum BackfillState {
    RUNNING,
    PAUSED,
    DONE,
    FAILED;

    static {
        RUNNING.next = EnumSet.of(PAUSED, DONE, FAILED);
        PAUSED.next = EnumSet.of(RUNNING, FAILED);
        DONE.next = EnumSet.of(RUNNING);
        FAILED.next = EnumSet.of(RUNNING, PAUSED);
    }

    private Set<BackfillState> next;

    /** Whether the state machine allows the move from this state to {@code target}. */
    public boolean canMoveTo(BackfillState target) {
        return next.contains(target);
    }
}
