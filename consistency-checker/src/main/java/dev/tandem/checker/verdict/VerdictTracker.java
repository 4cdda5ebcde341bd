package dev.tandem.checker.verdict;

import java.time.Instant;
import java.util.function.LongPredicate;

/**
 * The verdict life cycle of one id (see {@link KeyState}): pure transitions on a state, the wall
 * clock and what the streams' progress allows, so that the processor only does the I/O.
 *
 * <p>A divergence settles once it has lasted the grace window on the wall clock <em>and</em> both
 * change streams have been read past its latest commit plus the grace window (or to their end).
 * The first condition covers writes still in flight in the capture; the second keeps a checker that
 * is catching up from calling a pair divergent whose other half it simply has not read yet.
 */
public final class VerdictTracker {

    /** What a transition asks to be published on the divergence topic. */
    public enum Publication {
        NONE, DIVERGENCE, TOMBSTONE
    }

    /**
     * @param state       the next state; null when the id is forgotten (absent from both stores for long enough)
     * @param publication what to publish for the id
     */
    public record Step(KeyState state, Publication publication) {
    }

    private final long graceMs;
    private final long purgeAfterMs;

    /**
     * @param graceMs      how long a divergence stays pending at least
     * @param purgeAfterMs how long the state of an id absent from both stores is kept, so that a
     *                     replayed older upsert cannot bring it back
     */
    public VerdictTracker(long graceMs, long purgeAfterMs) {
        this.graceMs = graceMs;
        this.purgeAfterMs = purgeAfterMs;
    }

    public long graceMs() {
        return graceMs;
    }

    /** After a change to one side ({@code state} already carries it), committed at {@code commitMs}. */
    public Step onChange(KeyState state, long nowMs, long commitMs) {
        Classification now = classify(state, nowMs);
        if (!now.divergent()) {
            long purgeAt = state.absentFromBoth() ? nowMs + purgeAfterMs : -1;
            return new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.MATCH, now, -1, -1, -1, purgeAt, -1),
                    state.phase() == KeyState.Phase.SETTLED ? Publication.TOMBSTONE : Publication.NONE);
        }
        long basis = Math.max(state.basisCommitMs(), commitMs);
        return switch (state.phase()) {
            case MATCH -> new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.PENDING, now,
                    nowMs, basis, -1, nowMs + graceMs, -1), Publication.NONE);
            // Still inside its grace window: the timer stands. Already waiting for the streams: it now
            // waits for them to pass the newer commit too.
            case PENDING -> new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.PENDING, now,
                    state.sinceMs(), basis, -1, state.timerDueMs(), state.readPastMs() < 0 ? -1 : basis + graceMs),
                    Publication.NONE);
            // Already settled: the id has diverged for longer than the grace window, so its latest
            // form is published at once rather than held back again.
            case SETTLED -> new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.SETTLED, now,
                    state.sinceMs(), basis, state.detectedAtMs(), regradeAt(state, nowMs), -1), Publication.DIVERGENCE);
        };
    }

    /**
     * When the id's timer is due, or, for an id waiting for the streams ({@link KeyState#readPastMs()}),
     * once they may have been read that far.
     *
     * @param streamsReadPast whether both change streams have been read past the given source commit
     *                        time (or are at their end)
     */
    public Step onTimer(KeyState state, long nowMs, LongPredicate streamsReadPast) {
        return switch (state.phase()) {
            case MATCH -> state.absentFromBoth()
                    ? new Step(null, Publication.NONE)
                    : new Step(withTimer(state, -1), Publication.NONE);
            case PENDING -> {
                if (nowMs - state.sinceMs() < graceMs) {
                    yield new Step(withTimer(state, state.sinceMs() + graceMs), Publication.NONE);
                }
                long readPast = state.basisCommitMs() + graceMs;
                if (streamsReadPast.test(readPast)) {
                    yield new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.SETTLED, classify(state, nowMs),
                            state.sinceMs(), state.basisCommitMs(), nowMs, regradeAt(state, nowMs), -1), Publication.DIVERGENCE);
                }
                // The grace window has passed, the streams lag: no wall-clock timer, which would come due
                // again and again while they catch up; the id waits until they have been read past.
                yield new Step(new KeyState(state.legacy(), state.engine(), KeyState.Phase.PENDING, state.classification(),
                        state.sinceMs(), state.basisCommitMs(), -1, -1, readPast), Publication.NONE);
            }
            case SETTLED -> {
                Classification now = classify(state, nowMs);
                KeyState next = new KeyState(state.legacy(), state.engine(), KeyState.Phase.SETTLED, now, state.sinceMs(),
                        state.basisCommitMs(), state.detectedAtMs(), regradeAt(state, nowMs), -1);
                yield new Step(next, now.equals(state.classification()) ? Publication.NONE : Publication.DIVERGENCE);
            }
        };
    }

    private static Classification classify(KeyState state, long nowMs) {
        return Classifier.classify(state.legacy().record(), state.engine().record(), Instant.ofEpochMilli(nowMs));
    }

    private static long regradeAt(KeyState state, long nowMs) {
        return Classifier.nextRegradeMs(state.legacy().record(), state.engine().record(), nowMs);
    }

    private static KeyState withTimer(KeyState state, long due) {
        return new KeyState(state.legacy(), state.engine(), state.phase(), state.classification(), state.sinceMs(),
                state.basisCommitMs(), state.detectedAtMs(), due, state.readPastMs());
    }
}
