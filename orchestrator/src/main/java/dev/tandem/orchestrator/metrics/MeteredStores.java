package dev.tandem.orchestrator.metrics;

import dev.tandem.engine.EngineTokenStore;
import dev.tandem.legacy.LegacyTokenStore;
import dev.tandem.model.TokenStore;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The two stores as the write and read paths use them, each behind a latency timer. Everything in
 * the orchestrator that calls a store should get it here, so that no call goes unmeasured.
 */
@ApplicationScoped
public class MeteredStores {
    private final TokenStore legacy;
    private final TokenStore engine;

    @Inject
    public MeteredStores(LegacyTokenStore legacy, EngineTokenStore engine, MeterRegistry registry) {
        this.legacy = new MeteredTokenStore(legacy, registry);
        this.engine = new MeteredTokenStore(engine, registry);
    }

    /** The store that {@code store} names. */
    public TokenStore of(Store store) {
        return store == Store.LEGACY ? legacy : engine;
    }
}
