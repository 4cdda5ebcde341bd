package dev.tandem.orchestrator.write;

import dev.tandem.orchestrator.metrics.TandemMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Mirror writes that failed on this instance: left for the checker's repair, counted in
 * {@code tandem_mirror_failures_total{store,reason}}, and shown in the admin status.
 */
@ApplicationScoped
public class MirrorStats {

    /** Why a mirror write failed: the values of the {@code reason} tag. */
    public enum Reason {
        /** No answer within {@code tandem.write.mirror-timeout-ms}. */
        TIMEOUT,
        /** The store failed in a way that may pass when tried again (connection lost, deadlock). */
        UNAVAILABLE,
        /** The store refused for good (a constraint, a missing schema, authentication). */
        REJECTED,
        /** The mirror holds the id as another kind of token. */
        KIND_CONFLICT,
        /** Anything else; the log has the details. */
        ERROR;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final AtomicLong failures = new AtomicLong();
    private final MeterRegistry registry;

    @Inject
    public MirrorStats(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one failed mirror write to {@code store} (its {@code name()}). */
    public void failed(String store, Reason reason) {
        failures.incrementAndGet();
        Counter.builder(TandemMetrics.MIRROR_FAILURES)
                .description("Mirror writes that failed and wait for the checker's repair")
                .tags("store", store, "reason", reason.tag())
                .register(registry)
                .increment();
    }

    /** Failed mirror writes since this instance started. */
    public long failures() {
        return failures.get();
    }
}
