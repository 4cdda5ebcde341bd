package dev.tandem.orchestrator.backfill;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillException;
import dev.tandem.backfill.BackfillSchema;
import dev.tandem.backfill.BackfillSettings;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.backfill.CheckerProgress;
import dev.tandem.model.TokenStoreException;
import dev.tandem.orchestrator.apps.ClientCopy;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.stores.JdbcConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's handle on the one legacy-to-engine backfill. Its state is durable in the
 * engine database (the checkpoint), so any instance can start, pause, resume or report it, and
 * one runs it at a time. Every instance looks now and then for a backfill whose instance died and
 * continues it from the checkpoint: a {@code kill -9} costs at most the chunk in flight.
 */
@ApplicationScoped
public class BackfillJob {
    private static final Logger LOG = Logger.getLogger(BackfillJob.class);
    private static final Duration APPS_COPY_LIMIT = Duration.ofMinutes(1);

    @Inject
    JdbcConnections connections;
    @Inject
    CheckerFeed checker;
    @Inject
    BackfillConfig config;
    @Inject
    ClientCopy clients;

    private Backfill backfill;
    private ScheduledExecutorService ticker;

    void onStart(@Observes StartupEvent event) {
        connections.migrateEngine(BackfillSchema::migrate);
        backfill = new Backfill(connections.legacy()::open, connections.engine()::open,
                "orchestrator-" + ProcessHandle.current().pid(), this::checkerProgress);
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backfill-takeover");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.takeOverInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::takeOverIfOrphaned, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (backfill != null) {
            backfill.close();
        }
    }

    /** Starts from the first legacy id, the apps copied first; {@code rowsPerSecond} null keeps the configured rate. */
    public BackfillStatus start(Integer rowsPerSecond, boolean restart) {
        copyApps();
        BackfillSettings settings = BackfillSettings.fromMap(Map.of(
                BackfillSettings.CHUNK_SIZE, Integer.toString(config.chunkSize()),
                BackfillSettings.ROWS_PER_SECOND, Integer.toString(rowsPerSecond != null ? rowsPerSecond : config.rowsPerSecond()),
                BackfillSettings.EXPIRY_HORIZON_SECONDS, Long.toString(config.expiryHorizon().toSeconds()),
                BackfillSettings.LAG_THRESHOLD_MS, Long.toString(config.lagThreshold().toMillis())));
        return backfill.start(settings, restart);
    }

    public BackfillStatus pause() {
        return backfill.pause();
    }

    public BackfillStatus resume() {
        copyApps();
        return backfill.resume();
    }

    public BackfillStatus setRowsPerSecond(int rowsPerSecond) {
        return backfill.setRowsPerSecond(rowsPerSecond);
    }

    public BackfillStatus status() {
        return backfill.status();
    }

    /**
     * Apps before the tokens, and before the answer: an app that legacy alone holds would be unknown
     * once the engine is primary. They are few, so this takes a moment; the tokens' job runs on in the background.
     */
    private void copyApps() {
        try {
            int copied = clients.legacyToEngine().await().atMost(APPS_COPY_LIMIT);
            LOG.infof("backfill: %d app(s) copied from legacy to the engine", copied);
        } catch (TokenStoreException | TimeoutException e) {
            throw new BackfillException(BackfillException.Reason.FAILURE, "the apps could not be copied to the engine ("
                    + e.getMessage() + "); the token backfill was not started; try again", e);
        }
    }

    private void takeOverIfOrphaned() {
        try {
            backfill.takeOverIfOrphaned();
        } catch (RuntimeException e) {
            LOG.debugf("backfill take-over check failed: %s", e.getMessage());
        }
    }

    /** The larger of the checker's two stream lags; 0 while no checker reports (nothing to slow down for). */
    private CheckerProgress checkerProgress() {
        CheckerSnapshot snapshot = checker.snapshot();
        if (!snapshot.reporting()) {
            return CheckerProgress.CAUGHT_UP;
        }
        return new CheckerProgress(snapshot.lagMs().values().stream().mapToLong(Long::longValue).max().orElse(0),
                snapshot.eventsPerSecond());
    }
}
