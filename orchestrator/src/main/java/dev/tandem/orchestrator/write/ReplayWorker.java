package dev.tandem.orchestrator.write;

import dev.tandem.model.TokenStore;
import dev.tandem.orchestrator.repair.Repairs;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import dev.tandem.orchestrator.repair.RepairOutcome;
import dev.tandem.orchestrator.repair.RepairResult;
import dev.tandem.orchestrator.stores.SafeContext;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Replays the live entries of the {@link ReplayQueue} until each is applied, then removes it with a
 * tombstone. This instance's own entries first, after {@code tandem.replay.own-delay-ms} (the mirror
 * that just failed is given a moment); any instance's once older than {@code
 * tandem.replay.takeover-delay-ms}, so that the entries of an instance that died, or of every
 * instance before a restart, are replayed by whoever runs. Replaying twice is harmless: both
 * replays converge the stores to the same merge.
 *
 * <ul>
 *   <li>A token entry: the checker's repair merge of the token's two records into both stores
 *       ({@link Repairs#mergeOffContext}), which needs no phase and never revives a revoked or
 *       deleted token.</li>
 *   <li>A family entry: {@code revokeFamily} at the entry's {@code revokedAt} on both stores, and each
 *       store's members carried into the other revoked ({@link MirroredWriter#revokeFamilyIn}).</li>
 * </ul>
 * A replay that fails is tried again with a doubling backoff up to {@code tandem.replay.max-backoff-ms},
 * forever: a queued revocation is never given up.
 */
@Startup
@ApplicationScoped
public class ReplayWorker {
    private static final Logger LOG = Logger.getLogger(ReplayWorker.class);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    ReplayQueue queue;
    @Inject
    ReplayConfig config;
    @Inject
    Repairs repairs;
    @Inject
    SafeContext safeContext;
    @Inject
    MeteredStores stores;

    /** Entry id → its failed attempts and when it is due again; touched by the worker thread only. */
    private final Map<UUID, Backoff> backoffs = new HashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Thread thread;

    private record Backoff(int attempts, Instant due) {
    }

    @PostConstruct
    void start() {
        if (config.ownDelayMs() < 0 || config.takeoverDelayMs() < 0 || config.initialBackoffMs() < 1
                || config.maxBackoffMs() < config.initialBackoffMs()) {
            throw new IllegalArgumentException(ReplayConfig.OWN_DELAY_MS + "=" + config.ownDelayMs() + ", "
                    + ReplayConfig.TAKEOVER_DELAY_MS + "=" + config.takeoverDelayMs() + ", "
                    + ReplayConfig.INITIAL_BACKOFF_MS + "=" + config.initialBackoffMs() + ", "
                    + ReplayConfig.MAX_BACKOFF_MS + "=" + config.maxBackoffMs()
                    + ": the delays must be at least 0, the initial backoff at least 1 and at most the maximum");
        }
        thread = new Thread(this::work, "tandem-replay-worker");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void work() {
        while (stopping.getCount() > 0) {
            try {
                replayDue(Instant.now());
            } catch (RuntimeException e) {
                LOG.warnf("the replay worker failed a round, retrying: %s", e.getMessage());
            }
            try {
                if (stopping.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void replayDue(Instant now) {
        List<ReplayEntry> entries = queue.entries();
        backoffs.keySet().removeIf(id -> !queue.live(id));
        for (ReplayEntry entry : entries) {
            if (stopping.getCount() == 0) {
                return;
            }
            boolean own = queue.instance().equals(entry.writer());
            Instant due = entry.queuedAt().plusMillis(own ? config.ownDelayMs() : config.takeoverDelayMs());
            Backoff backoff = backoffs.get(entry.id());
            if (backoff != null && backoff.due().isAfter(due)) {
                due = backoff.due();
            }
            if (now.isBefore(due) || !queue.live(entry.id())) {
                continue;
            }
            String failure = replay(entry);
            if (failure == null) {
                failure = tombstone(entry);
            }
            if (failure == null) {
                backoffs.remove(entry.id());
                LOG.infof("replayed %s into both stores (queued %s by node %d)", entry, entry.queuedAt(), entry.nodeId());
            } else {
                int attempts = backoff == null ? 1 : backoff.attempts() + 1;
                Duration wait = backoff(attempts);
                backoffs.put(entry.id(), new Backoff(attempts, Instant.now().plus(wait)));
                if (attempts == 1 || attempts % 10 == 0) {
                    LOG.warnf("replay of %s failed (attempt %d), trying again in %d ms: %s", entry, attempts,
                            wait.toMillis(), failure);
                }
            }
        }
    }

    /** Null when applied, else why not. */
    private String replay(ReplayEntry entry) {
        try {
            if (entry.kind() == ReplayEntry.Kind.TOKEN) {
                RepairResult result = repairs.mergeOffContext(entry.key(), "replay").await().atMost(REPLAY_TIMEOUT);
                return result.outcome() == RepairOutcome.FAILED ? result.detail() : null;
            }
            TokenStore legacy = stores.of(Store.LEGACY);
            TokenStore engine = stores.of(Store.ENGINE);
            safeContext.call(() -> MirroredWriter.revokeFamilyIn(engine, legacy, entry.key(), entry.revokedAt())
                    .chain(() -> MirroredWriter.revokeFamilyIn(legacy, engine, entry.key(), entry.revokedAt())))
                    .await().atMost(REPLAY_TIMEOUT);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Null when the tombstone was acknowledged, else why not (the entry is replayed again later: harmless). */
    private String tombstone(ReplayEntry entry) {
        try {
            queue.remove(entry.id()).await().atMost(REPLAY_TIMEOUT);
            return null;
        } catch (RuntimeException e) {
            return "applied, but its tombstone was not acknowledged: " + e.getMessage();
        }
    }

    private Duration backoff(int attempts) {
        long wait = config.initialBackoffMs();
        for (int i = 1; i < attempts && wait < config.maxBackoffMs(); i++) {
            wait *= 2;
        }
        return Duration.ofMillis(Math.min(wait, config.maxBackoffMs()));
    }
}
