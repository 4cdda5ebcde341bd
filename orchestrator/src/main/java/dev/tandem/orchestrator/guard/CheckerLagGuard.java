package dev.tandem.orchestrator.guard;

import dev.tandem.contract.verdict.Side;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.checker.HumanDuration;
import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;

/**
 * The consistency checker is close enough behind both stores ({@code tandem.guards.max-checker-lag})
 * that its divergence figure is current, and its fresh instances together check every partition.
 * No fresh checker status is UNKNOWN: a killed checker's last status would otherwise pass forever.
 */
@ApplicationScoped
public class CheckerLagGuard implements Guard {
    public static final String NAME = "checker-lag";
    public static final String NO_SIGNAL = "checker lag unknown: no consistency checker reports fresh status";
    /** Lags of both stores, then the bound. */
    public static final String TOO_FAR_BEHIND = "checker lag legacy %s, engine %s, must be under %s";
    public static final String CAUGHT_UP = "checker lag legacy %s, engine %s, under %s";
    /** Uncovered partitions, expected count. */
    public static final String UNCOVERED = "no fresh checker instance checks change-topic partitions %s (of %d)";

    @Inject
    CheckerFeed feed;

    @Inject
    CheckerGuardConfig config;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(this::verdict);
    }

    private GuardVerdict verdict() {
        Duration maxLag = config.maxCheckerLag();
        CheckerSnapshot snapshot = feed.snapshot();
        if (!snapshot.reporting()) {
            return GuardVerdict.unknown(NAME, NO_SIGNAL);
        }
        List<Integer> uncovered = snapshot.uncoveredPartitions();
        if (!uncovered.isEmpty()) {
            return GuardVerdict.failed(NAME, UNCOVERED.formatted(uncovered, snapshot.expectedPartitions()));
        }
        long legacy = snapshot.lagMs().getOrDefault(Side.LEGACY, 0L);
        long engine = snapshot.lagMs().getOrDefault(Side.ENGINE, 0L);
        String bound = HumanDuration.of(maxLag);
        if (Math.max(legacy, engine) >= maxLag.toMillis()) {
            return GuardVerdict.failed(NAME, TOO_FAR_BEHIND.formatted(HumanDuration.seconds(legacy),
                    HumanDuration.seconds(engine), bound));
        }
        return GuardVerdict.ok(NAME, CAUGHT_UP.formatted(HumanDuration.seconds(legacy), HumanDuration.seconds(engine), bound));
    }
}
