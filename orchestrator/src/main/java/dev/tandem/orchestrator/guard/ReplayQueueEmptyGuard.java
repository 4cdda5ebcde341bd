package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.ReplayQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The replay queue is empty: every failed mirror write of every instance has been replayed into
 * both stores. Guards the step into the point of no return, after which legacy is written no more:
 * an entry toward legacy would be lost for good, and one toward the engine would leave its only
 * complete copy in a store that is about to be retired. Judged after the queue's follower caught up
 * with the topic (entries another instance queued a moment ago count too); UNKNOWN when it cannot.
 */
@ApplicationScoped
public class ReplayQueueEmptyGuard implements Guard {
    public static final String NAME = "replay-queue-empty";
    /** Not empty: pending, toward legacy, toward engine, oldest seconds. */
    public static final String PENDING = "the replay queue holds %d failed mirror writes not yet in both stores (%d toward"
            + " legacy, %d toward engine, oldest %d s), must be 0";
    public static final String EMPTY = "the replay queue is empty: every failed mirror write was replayed into both stores";
    public static final String NOT_CAUGHT_UP = "the replay queue is unknown: %s";

    @Inject
    ReplayQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return queue.caughtUp().onItemOrFailure().transform((ignored, failure) -> {
            if (failure != null) {
                return GuardVerdict.unknown(NAME, NOT_CAUGHT_UP.formatted(failure.getMessage()));
            }
            ReplayQueue.Summary summary = queue.summary();
            if (summary.pending() > 0) {
                return GuardVerdict.failed(NAME, PENDING.formatted(summary.pending(), summary.towardLegacy(),
                        summary.towardEngine(), summary.oldestSeconds() == null ? 0 : summary.oldestSeconds()));
            }
            return GuardVerdict.ok(NAME, EMPTY);
        });
    }
}
