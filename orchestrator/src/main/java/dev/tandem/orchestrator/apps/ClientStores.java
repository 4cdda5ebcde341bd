package dev.tandem.orchestrator.apps;

import dev.tandem.engine.EngineClientStore;
import dev.tandem.legacy.LegacyClientStore;
import dev.tandem.model.client.ClientStore;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Each store's clients, as {@link dev.tandem.orchestrator.metrics.MeteredStores} gives each store's tokens (not metered yet). */
@ApplicationScoped
public class ClientStores {
    private final ClientStore legacy;
    private final ClientStore engine;

    @Inject
    public ClientStores(LegacyClientStore legacy, EngineClientStore engine) {
        this.legacy = legacy;
        this.engine = engine;
    }

    public ClientStore of(Store store) {
        return store == Store.LEGACY ? legacy : engine;
    }
}
