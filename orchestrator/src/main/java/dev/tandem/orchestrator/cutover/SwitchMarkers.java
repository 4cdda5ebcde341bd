package dev.tandem.orchestrator.cutover;

import dev.tandem.orchestrator.stores.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The switch barrier's own heartbeat: one row, {@value #KEY}, in the checker captures' heartbeat
 * table {@code tandem_heartbeat} of each store, written once writes have drained. Its change comes
 * through each store's change stream after every write committed before it, and the check takes its
 * millisecond {@code beat_at_ms} for the stream's watermark: so the barrier learns that the checker
 * read both streams past the drain within the pipeline's latency, instead of waiting for the
 * captures' next heartbeat and MariaDB's next whole second. Best effort: where the table is absent
 * (no checker ever ran) or the write fails, the captures' own heartbeats still move the watermarks.
 */
@ApplicationScoped
public class SwitchMarkers {
    static final String KEY = "tandem-switch";
    private static final Logger LOG = Logger.getLogger(SwitchMarkers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String LEGACY_UPSERT = "INSERT INTO tandem_heartbeat (capture, beat_at_ms) VALUES (?, ?)"
            + " ON DUPLICATE KEY UPDATE beat_at_ms = VALUES(beat_at_ms)";
    static final String ENGINE_UPSERT = "INSERT INTO public.tandem_heartbeat (capture, beat_at_ms) VALUES (:capture, :beat)"
            + " ON CONFLICT (capture) DO UPDATE SET beat_at_ms = EXCLUDED.beat_at_ms";

    @Inject
    Pool legacy;
    @Inject
    Mutiny.SessionFactory engine;
    @Inject
    SafeContext safeContext;

    /** Writes the marker at {@code beatAtMs} into both stores, in the background; failures are logged only. */
    public void write(long beatAtMs) {
        legacy.preparedQuery(LEGACY_UPSERT).execute(Tuple.of(KEY, beatAtMs)).replaceWithVoid()
                .ifNoItem().after(TIMEOUT).fail()
                .subscribe().with(done -> { }, failure -> LOG.debugf("switch marker in legacy not written: %s", failure.getMessage()));
        safeContext.call(() -> engine.withStatelessTransaction(session -> session.createNativeQuery(ENGINE_UPSERT)
                        .setParameter("capture", KEY).setParameter("beat", beatAtMs).executeUpdate()))
                .ifNoItem().after(TIMEOUT).fail()
                .subscribe().with(done -> { }, failure -> LOG.debugf("switch marker in the engine not written: %s", failure.getMessage()));
    }
}
