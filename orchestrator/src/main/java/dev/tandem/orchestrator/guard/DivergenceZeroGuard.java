package dev.tandem.orchestrator.guard;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.checker.HumanDuration;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.ReplayQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * The consistency checker has reported no settled critical or major divergence for the whole
 * window ({@code tandem.guards.divergence-window}), and no acknowledged write is waiting for its
 * mirror now (the replay queue, on every instance: a failed mirror write is divergence the checker has not
 * settled yet, or never will if its capture missed it). Minor divergence (times, PKCE data, tokens
 * that are unusable in both stores anyway) does not block. No fresh checker status is UNKNOWN, and
 * it restarts the window: zero is only believed while someone is looking.
 *
 * <p>Pending divergence (ids inside their grace window) is shown but not required to be zero here:
 * under a live load some ids are always between their two change events. The step that could lose
 * them, a switch of the primary, waits for pending to reach zero with writes held
 * ({@link dev.tandem.orchestrator.cutover.SwitchBarrier}), where it does.
 */
@ApplicationScoped
public class DivergenceZeroGuard implements Guard {
    public static final String NAME = "divergence-zero";
    public static final String NO_SIGNAL = "divergence unknown: no consistency checker reports fresh status";
    /** Settled blocking divergence now: keys, critical, major, window. */
    public static final String SETTLED = "settled divergence %d keys (%d critical, %d major), must be 0 for %s";
    /** Zero, not yet for the window: for how long, window. */
    public static final String NOT_LONG_ENOUGH = "settled divergence zero for %s, must be 0 for %s";
    /** Held: for how long, minor count, pending count. */
    public static final String HELD = "no settled critical or major divergence for %s (%d minor, %d pending)";
    /** Acknowledged writes their mirror lacks: count. */
    public static final String UNMIRRORED = "%d acknowledged writes are not yet in their mirror (failed mirror writes"
            + " waiting for replay), must be 0";

    @Inject
    CheckerFeed feed;

    @Inject
    CheckerGuardConfig config;

    @Inject
    ReplayQueue unmirrored;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(this::verdict);
    }

    private GuardVerdict verdict() {
        Duration window = config.divergenceWindow();
        Instant zeroSince = feed.zeroSince();
        CheckerSnapshot snapshot = feed.snapshot();
        if (!snapshot.reporting()) {
            return GuardVerdict.unknown(NAME, NO_SIGNAL);
        }
        long critical = snapshot.settled().getOrDefault(Severity.CRITICAL, 0L);
        long major = snapshot.settled().getOrDefault(Severity.MAJOR, 0L);
        String windowText = HumanDuration.of(window);
        int unmirroredNow = unmirrored.size();
        if (unmirroredNow > 0) {
            return GuardVerdict.failed(NAME, UNMIRRORED.formatted(unmirroredNow));
        }
        if (zeroSince == null || critical + major > 0) {
            return GuardVerdict.failed(NAME, SETTLED.formatted(critical + major, critical, major, windowText));
        }
        Duration zeroFor = Duration.between(zeroSince, snapshot.at());
        if (zeroFor.compareTo(window) < 0) {
            return GuardVerdict.failed(NAME, NOT_LONG_ENOUGH.formatted(HumanDuration.of(zeroFor), windowText));
        }
        return GuardVerdict.ok(NAME, HELD.formatted(HumanDuration.of(zeroFor),
                snapshot.settled().getOrDefault(Severity.MINOR, 0L), snapshot.pending()));
    }
}
