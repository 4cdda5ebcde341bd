package dev.tandem.orchestrator.repair;

import dev.tandem.contract.verdict.Divergence;
import dev.tandem.model.HybridLogicalClock;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.metrics.MeteredStores;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.stores.SafeContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Repairs token ids while both stores are written: the checker's {@link Repairer} merges both
 * stores' records by version into each (no direction, so no phase change can turn it against an
 * acknowledged write; never reviving a revoked token or a deleted one).
 * Every repair is counted ({@code tandem_repairs_total{outcome}}) and kept in a bounded list of
 * recent repairs.
 */
@ApplicationScoped
public class Repairs {
    /** The phase has no mirror: LEGACY_ONLY writes the engine not at all, ENGINE_ONLY no longer writes legacy. */
    public static final String NOTHING_TO_REPAIR_TOWARD = "phase %s has no mirror: one store is not written, so there"
            + " is nothing to converge (repairs run from DUAL_WRITE to WRITE_ENGINE)";

    private Repairer repairer;
    private final Clock clock = Clock.systemUTC();
    private final Deque<RecentRepair> recent = new ArrayDeque<>();

    @Inject
    MeteredStores stores;
    @Inject
    ControlPlane control;
    @Inject
    MeterRegistry registry;
    @Inject
    RepairConfig config;
    @Inject
    SafeContext safeContext;
    @Inject
    HybridLogicalClock versions;

    @PostConstruct
    void createRepairer() {
        repairer = new Repairer(versions);
    }

    /** The phase this instance applies now. */
    public MigrationPhase phase() {
        return control.current().phase();
    }

    /** Whether settled divergences are repaired as they arrive. */
    public boolean auto() {
        return config.auto();
    }

    /**
     * Repairs one id, converging both stores; {@code divergence} is what the checker reported,
     * or null. The phase must have a mirror. Never fails: a store failure is a FAILED result.
     */
    public Uni<RepairResult> repair(String tokenId, MigrationPhase phase, Divergence divergence, String trigger) {
        if (phase.mirror() == null) {
            throw new IllegalStateException(NOTHING_TO_REPAIR_TOWARD.formatted(phase));
        }
        return repairer.repair(tokenId, stores.of(MigrationPhase.Store.LEGACY), stores.of(MigrationPhase.Store.ENGINE))
                .invoke(result -> record(result, divergence, trigger));
    }

    /**
     * As {@link #repair}, from a thread that is not Vert.x's (the repair worker): the engine store is
     * Hibernate Reactive, which runs only on a safe (isolated) Vert.x context.
     */
    public Uni<RepairResult> repairOffContext(String tokenId, MigrationPhase phase, Divergence divergence, String trigger) {
        return safeContext.call(() -> repair(tokenId, phase, divergence, trigger));
    }

    /**
     * Merges one token's two records into both stores, in any phase (the merge needs none), from a
     * thread that is not Vert.x's: the replay of a queued mirror write. Counted and listed like a repair.
     */
    public Uni<RepairResult> mergeOffContext(String tokenId, String trigger) {
        return safeContext.call(() -> repairer.repair(tokenId, stores.of(MigrationPhase.Store.LEGACY),
                        stores.of(MigrationPhase.Store.ENGINE))
                .invoke(result -> record(result, null, trigger)));
    }

    /** The newest repairs, newest first. */
    public synchronized List<RecentRepair> recent() {
        return List.copyOf(recent);
    }

    /** Repairs counted since this instance started, by outcome. */
    public Map<RepairOutcome, Long> counts() {
        Map<RepairOutcome, Long> counts = new EnumMap<>(RepairOutcome.class);
        for (RepairOutcome outcome : RepairOutcome.values()) {
            counts.put(outcome, (long) registry.counter(TandemMetrics.REPAIRS, "outcome", outcome.wireName()).count());
        }
        return counts;
    }

    private synchronized void record(RepairResult result, Divergence divergence, String trigger) {
        registry.counter(TandemMetrics.REPAIRS, "outcome", result.outcome().wireName()).increment();
        recent.addFirst(new RecentRepair(result.tokenId(), divergence == null ? null : divergence.kind(),
                divergence == null ? null : divergence.severity(), divergence == null ? null : divergence.detectedAt(),
                clock.instant(), result.outcome(), result.detail(), trigger));
        while (recent.size() > config.recentSize()) {
            recent.removeLast();
        }
    }

    /** Whether {@code result} needs no further attempt: anything but FAILED. */
    public static boolean finished(RepairResult result) {
        return result.outcome() != RepairOutcome.FAILED;
    }
}
