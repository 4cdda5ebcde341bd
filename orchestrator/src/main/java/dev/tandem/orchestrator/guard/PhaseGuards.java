package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Which guards each step needs, and their verdicts.
 *
 * <pre>
 *  LEGACY_ONLY → DUAL_WRITE                      engine-reachable
 *  DUAL_WRITE  → SHADOW_READ → READ_ENGINE
 *              → WRITE_ENGINE → ENGINE_ONLY      engine-reachable, backfill-complete, verification-clean,
 *                                                divergence-zero, checker-lag
 *  into POINT_OF_NO_RETURN (ENGINE_ONLY)         also replay-queue-empty
 *  any backward step                             rollback-readiness: legacy holds every acknowledged write
 *  staying                                       none
 * </pre>
 *
 * From {@code DUAL_WRITE} on, every step moves reads or writes further onto the engine, so each
 * needs the engine to hold everything legacy holds, and to go on holding it.
 */
@ApplicationScoped
public class PhaseGuards {
    public static final String GUARD_FAILED = "the guard could not be evaluated: %s";

    @Inject
    EngineReachableGuard engineReachable;
    @Inject
    BackfillCompleteGuard backfillComplete;
    @Inject
    VerificationCleanGuard verificationClean;
    @Inject
    DivergenceZeroGuard divergenceZero;
    @Inject
    CheckerLagGuard checkerLag;
    @Inject
    RollbackReadinessGuard rollbackReadiness;
    @Inject
    ReplayQueueEmptyGuard replayQueueEmpty;

    /** The guards of the step {@code from -> to}, in the order they are reported. */
    public List<Guard> forStep(MigrationPhase from, MigrationPhase to) {
        if (from.isBackwardStepTo(to)) {
            return List.of(rollbackReadiness);
        }
        if (!from.isForwardStepTo(to)) {
            return List.of();
        }
        if (from == MigrationPhase.LEGACY_ONLY) {
            return List.of(engineReachable);
        }
        if (to == MigrationPhase.POINT_OF_NO_RETURN) {
            return List.of(engineReachable, backfillComplete, verificationClean, divergenceZero, checkerLag,
                    replayQueueEmpty);
        }
        return List.of(engineReachable, backfillComplete, verificationClean, divergenceZero, checkerLag);
    }

    /** Every guard of the step, evaluated concurrently; an empty list when the step needs none. */
    public Uni<List<GuardVerdict>> evaluate(MigrationPhase from, MigrationPhase to) {
        List<Guard> guards = forStep(from, to);
        if (guards.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<GuardVerdict>> verdicts = guards.stream()
                .map(guard -> guard.evaluate(from, to)
                        .onFailure().recoverWithItem(e -> GuardVerdict.failed(guard.name(), GUARD_FAILED.formatted(e.getMessage()))))
                .toList();
        return Uni.join().all(verdicts).andFailFast().map(List::copyOf);
    }
}
