package dev.tandem.orchestrator.guard;

import dev.tandem.engine.EngineTokenStore;
import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/** The engine answers a lookup in time: mirroring to it (or reading from it) would otherwise fail every request. */
@ApplicationScoped
public class EngineReachableGuard implements Guard {
    public static final String NAME = "engine-reachable";
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    public static final String ANSWERED = "the engine answered a lookup in %d ms (limit %d ms)";
    public static final String TIMED_OUT = "the engine did not answer a lookup within %d ms";
    public static final String LOOKUP_FAILED = "the engine lookup failed: %s";

    /** A well-formed id that no token has: SHA-256 hex of a secret is never all zeros. */
    static final String PROBE_ID = "0".repeat(64);

    @Inject
    EngineTokenStore engine;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return engine.find(PROBE_ID)
                    .ifNoItem().after(TIMEOUT).fail()
                    .map(found -> GuardVerdict.ok(NAME, ANSWERED.formatted(
                            Duration.ofNanos(System.nanoTime() - started).toMillis(), TIMEOUT.toMillis())))
                    .onFailure(TimeoutException.class).recoverWithItem(
                            () -> GuardVerdict.failed(NAME, TIMED_OUT.formatted(TIMEOUT.toMillis())))
                    .onFailure().recoverWithItem(e -> GuardVerdict.failed(NAME, LOOKUP_FAILED.formatted(e.getMessage())));
        });
    }
}
