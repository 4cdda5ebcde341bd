package dev.tandem.orchestrator.apps;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.repair.ClientRepairer;
import dev.tandem.orchestrator.repair.RepairResult;
import dev.tandem.orchestrator.repair.Repairs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Repairs client (app) ids on request, as {@link Repairs} does token ids: both stores converged by
 * {@link ClientRepairer}. Here rather than in {@code repair}, which sits below the apps' stores.
 * Logged by the repairer; not counted in {@code tandem_repairs_total} nor listed among the recent
 * repairs, which are the tokens' (the checker does not capture clients yet, so nothing repairs them
 * automatically).
 */
@ApplicationScoped
public class ClientRepairs {
    private final ClientStores stores;
    private final ClientRepairer repairer;

    @Inject
    public ClientRepairs(ClientStores stores, HybridLogicalClock versions) {
        this.stores = stores;
        this.repairer = new ClientRepairer(versions);
    }

    /** Repairs one client; the phase must have a mirror. Never fails: a store failure is a FAILED result. */
    public Uni<RepairResult> repair(String clientId, MigrationPhase phase) {
        if (phase.mirror() == null) {
            throw new IllegalStateException(Repairs.NOTHING_TO_REPAIR_TOWARD.formatted(phase));
        }
        return repairer.repair(clientId, stores.of(MigrationPhase.Store.LEGACY), stores.of(MigrationPhase.Store.ENGINE));
    }
}
