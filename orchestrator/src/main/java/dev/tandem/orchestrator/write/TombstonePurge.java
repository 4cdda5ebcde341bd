package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.stores.SafeContext;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes the tombstones of tokens that expired more than {@code tandem.write.tombstone-margin-seconds}
 * ago, from both stores, every {@code tandem.write.tombstone-purge-interval-seconds}. Any instance may
 * run it at any time: a purge removes only what every instance would, so several at once just share
 * the work. Bounded per round, so that a backlog of tombstones is worked off over a few rounds rather
 * than in one long statement.
 */
@Startup
@ApplicationScoped
public class TombstonePurge {
    /** Tombstones removed per store and round at most. */
    static final int PER_ROUND = 10_000;
    private static final Logger LOG = Logger.getLogger(TombstonePurge.class);

    @Inject
    MeteredStores stores;
    @Inject
    WriteConfig config;
    @Inject
    Vertx vertx;
    @Inject
    SafeContext safeContext;

    private final AtomicBoolean purging = new AtomicBoolean();
    private long timer = -1;

    @PostConstruct
    void start() {
        if (config.tombstoneMarginSeconds() < 0) {
            throw new IllegalArgumentException(WriteConfig.TOMBSTONE_MARGIN_SECONDS + " is " + config.tombstoneMarginSeconds()
                    + ": expected at least 0");
        }
        if (config.tombstonePurgeIntervalSeconds() < 1) {
            throw new IllegalArgumentException(WriteConfig.TOMBSTONE_PURGE_INTERVAL_SECONDS + " is "
                    + config.tombstonePurgeIntervalSeconds() + ": expected at least 1");
        }
        timer = vertx.setPeriodic(Duration.ofSeconds(config.tombstonePurgeIntervalSeconds()).toMillis(), ignored -> {
            safeContext.run(() -> purge(Instant.now()).subscribe().with(removed -> { }, failure -> { }));
        });
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round over both stores; answers how many tombstones it removed. A store that fails is logged and skipped. */
    public Uni<Integer> purge(Instant now) {
        if (!purging.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        Instant expiredBefore = now.minusSeconds(config.tombstoneMarginSeconds());
        return purgeOne(Store.LEGACY, expiredBefore)
                .flatMap(legacy -> purgeOne(Store.ENGINE, expiredBefore).map(engine -> legacy + engine))
                .onTermination().invoke(() -> purging.set(false));
    }

    private Uni<Integer> purgeOne(Store store, Instant expiredBefore) {
        return stores.of(store).purgeTombstones(expiredBefore, PER_ROUND)
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("purged %d tombstones of tokens expired before %s from %s", removed, expiredBefore,
                                stores.of(store).name());
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("could not purge tombstones from %s: %s", stores.of(store).name(), failure.getMessage());
                    return 0;
                });
    }
}
