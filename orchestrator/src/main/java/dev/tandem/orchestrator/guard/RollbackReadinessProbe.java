package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.checker.SettledLegacyGaps;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.ReplayQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Rollback readiness now, from the phase this instance applies, the replay queue's entries toward
 * legacy (every instance's, {@link ReplayQueue}) and the checker's settled counts ({@link SettledLegacyGaps}).
 * Cheap and non-blocking: computed afresh for every status request.
 */
@ApplicationScoped
public class RollbackReadinessProbe {

    @Inject
    ControlPlane controlPlane;
    @Inject
    ReplayQueue queue;
    @Inject
    SettledLegacyGaps checker;

    public RollbackReadiness current() {
        return RollbackReadiness.assess(controlPlane.current().phase(),
                queue.pendingToward(MigrationPhase.Store.LEGACY), checker.current());
    }
}
