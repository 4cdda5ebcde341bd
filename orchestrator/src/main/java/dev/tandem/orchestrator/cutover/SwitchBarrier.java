package dev.tandem.orchestrator.cutover;

import dev.tandem.contract.verdict.Side;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
import dev.tandem.orchestrator.control.ControlChange;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.instances.Instances;
import dev.tandem.orchestrator.instances.NodeIdClaims;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.InFlightWrites;
import dev.tandem.orchestrator.write.ReplayQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A switch of the primary store (into or out of {@code WRITE_ENGINE}), the way Vitess switches
 * writes: hold writes on every instance, wait until nothing acknowledged is missing from the store
 * that becomes primary and the checker has seen everything either store committed, then flip. See
 * docs/design/0008-the-switch-barrier.md.
 *
 * <ol>
 *   <li><b>Fence.</b> A control change holds writes ({@link dev.tandem.orchestrator.control.WriteFence});
 *       every instance applies it within its poll interval and admits no new write.</li>
 *   <li><b>Drain.</b> No write admitted before the fence is still on its way to a store
 *       ({@link InFlightWrites}), here or on any live instance ({@link Instances}: each tells how far
 *       its writes drained as soon as that changes; one silent for a lease and a heartbeat has lost
 *       its lease and writes nothing).</li>
 *   <li><b>Mirrored.</b> No acknowledged write is missing from a mirror (the replay queue, on every instance).</li>
 *   <li><b>Seen.</b> The checker has read both change streams past the moment the writes had
 *       drained ({@link SwitchMarkers} writes a heartbeat into each store then, so this takes the
 *       pipeline's latency) and holds no pending divergence: nothing committed before the switch is
 *       still unchecked.</li>
 *   <li><b>Flip</b>, which lifts the fence; or, when the conditions do not all hold within
 *       {@code tandem.switch.timeout}, a <b>cancel</b>, which lifts it too, and a refusal that says
 *       which condition was missing, with its numbers.</li>
 * </ol>
 *
 * A forced switch waits the same way, but flips at the timeout instead of cancelling: on-call may
 * have to leave a primary whose mirror is dead. What was outstanding then is in the audit; the
 * merge by version and the repair converge it afterwards, in whichever direction it lies.
 */
@ApplicationScoped
public class SwitchBarrier {
    private static final Logger LOG = Logger.getLogger(SwitchBarrier.class);

    public static final String DRAINING = "%d writes admitted before the fence still running on this instance";
    public static final String REMOTE_DRAINING = "instance %s (node %d) has not drained its writes past the fence"
            + " (drained past r%d, fence r%d, heard %d ms ago)";
    public static final String UNMIRRORED = "%d acknowledged writes not yet in their mirror (replay queue)";
    public static final String NO_CHECKER = "no consistency checker reports, so nothing confirms both streams were read"
            + " past the fence";
    public static final String NOT_READ_PAST = "the checker has not read both change streams past %s, when writes had"
            + " drained (read past: legacy %s, engine %s)";
    public static final String PENDING = "the checker holds %d pending ids";
    public static final String CANCELLED = "%s -> %s cancelled: the switch barrier did not complete within %d ms (%s);"
            + " writes were held %d ms and go on under %s, nothing changed; retry when it clears, or force the step";
    public static final String AUDIT = "switch-barrier: writes held %d ms%s";

    @Inject
    ControlPlane control;
    @Inject
    InFlightWrites inFlight;
    @Inject
    ReplayQueue unmirrored;
    @Inject
    CheckerFeed checker;
    @Inject
    Instances instances;
    @Inject
    SwitchConfig config;
    @Inject
    SwitchMarkers markers;

    /** What became of a switch. */
    public sealed interface Outcome permits Switched, Cancelled {
    }

    /** The flip was accepted: {@code state} is the new state, {@code heldMs} how long writes were held. */
    public record Switched(ControlState state, long heldMs, String auditLine) implements Outcome {
    }

    /** The barrier gave up and lifted the fence; {@code detail} is the refusal to show. */
    public record Cancelled(String detail, long heldMs) implements Outcome {
    }

    /** Whether a step from {@code from} to {@code to} changes the primary and so goes through the barrier. */
    public static boolean needed(MigrationPhase from, MigrationPhase to) {
        return from.primary() != to.primary() && from.mirror() != null;
    }

    /**
     * Switches from {@code from} (the state the step was decided on) with {@code flip}: the change
     * that makes the step, given the revision it must be decided on and the barrier's audit line.
     * Fails as {@link ControlPlane#propose} fails when the fence or the flip cannot be written.
     */
    public Uni<Outcome> run(ControlState from, MigrationPhase to, boolean force, String actor, String reason,
                            Function<Flip, ControlChange> flip) {
        ControlChange fence = new ControlChange(from.revision(), from.phase(), from.readFlag(), from.rampPercent(),
                from.autoCutover(), ControlChange.SWITCH_FENCE, actor, reason, force, List.of(),
                new ControlChange.Hold(to, config.timeout().toMillis()));
        return control.propose(fence).flatMap(fenced -> {
            boolean waitForChecker = checker.snapshot().reporting();
            long deadline = System.nanoTime() + config.timeout().toNanos();
            return awaitConditions(fenced, waitForChecker, new Drain(), deadline).flatMap(missing -> {
                long heldMs = Duration.between(fenced.changedAt(), Instant.now()).toMillis();
                if (missing.isEmpty() || force) {
                    String line = AUDIT.formatted(heldMs, (missing.isEmpty() ? "" : "; FORCED past: " + String.join("; ", missing))
                            + (waitForChecker ? "" : "; " + NO_CHECKER + ": not waited for"));
                    return control.propose(flip.apply(new Flip(fenced.revision(), line)))
                            .map(state -> (Outcome) new Switched(state, heldMs, line));
                }
                String detail = CANCELLED.formatted(from.phase(), to, config.timeout().toMillis(),
                        String.join("; ", missing), heldMs, from.phase());
                LOG.warn(detail);
                ControlChange cancel = new ControlChange(fenced.revision(), fenced.phase(), fenced.readFlag(),
                        fenced.rampPercent(), fenced.autoCutover(), ControlChange.SWITCH_CANCELLED, actor,
                        String.join("; ", missing), force, List.of());
                // A cancel that loses to another change is fine: any change lifts the fence.
                return control.propose(cancel).onFailure().recoverWithItem(fenced)
                        .map(ignored -> (Outcome) new Cancelled(detail, heldMs));
            });
        });
    }

    /** The revision the flip must be decided on, and the line the audit keeps of the barrier. */
    public record Flip(long revision, String auditLine) {
    }

    /** When the writes of one switch had drained everywhere: what the checker must have read past. */
    private static final class Drain {
        Instant at;
    }

    private Uni<List<String>> awaitConditions(ControlState fenced, boolean waitForChecker, Drain drain, long deadline) {
        return Uni.createFrom().item(() -> missing(fenced, waitForChecker, drain)).flatMap(missing -> {
            if (missing.isEmpty() || System.nanoTime() - deadline >= 0) {
                return Uni.createFrom().item(missing);
            }
            return Uni.createFrom().nullItem().onItem().delayIt().by(config.pollInterval())
                    .flatMap(ignored -> awaitConditions(fenced, waitForChecker, drain, deadline));
        });
    }

    /** The conditions of the barrier that do not hold now, each with its numbers; empty when it may flip. */
    private List<String> missing(ControlState fenced, boolean waitForChecker, Drain drain) {
        List<String> missing = notDrained(fenced);
        if (missing.isEmpty() && drain.at == null) {
            drain.at = Instant.now();
            if (waitForChecker) {
                markers.write(drain.at.toEpochMilli());
            }
        }
        if (waitForChecker && drain.at != null) {
            CheckerSnapshot snapshot = checker.snapshot();
            if (!snapshot.reporting()) {
                missing.add(NO_CHECKER);
            } else {
                if (!snapshot.readPast(drain.at)) {
                    missing.add(NOT_READ_PAST.formatted(drain.at, readPast(snapshot, Side.LEGACY),
                            readPast(snapshot, Side.ENGINE)));
                }
                if (snapshot.pending() > 0) {
                    missing.add(PENDING.formatted(snapshot.pending()));
                }
            }
        }
        return missing;
    }

    /** What keeps a write admitted before the fence from being in both stores: empty once all have drained. */
    private List<String> notDrained(ControlState fenced) {
        List<String> missing = new ArrayList<>();
        if (inFlight.oldestRevision() < fenced.revision()) {
            missing.add(DRAINING.formatted(inFlight.count()));
        }
        instances.staleView().ifPresent(missing::add);
        long now = System.nanoTime();
        for (NodeIdClaims.Peer peer : instances.live()) {
            if (!peer.instance().equals(instances.self()) && peer.drainedRevision() < fenced.revision()) {
                missing.add(REMOTE_DRAINING.formatted(peer.address(), peer.nodeId(), peer.drainedRevision(),
                        fenced.revision(), (now - peer.seenAtNanos()) / 1_000_000));
            }
        }
        int unmirroredNow = unmirrored.size();
        if (unmirroredNow > 0) {
            missing.add(UNMIRRORED.formatted(unmirroredNow));
        }
        return missing;
    }

    private static String readPast(CheckerSnapshot snapshot, Side side) {
        long ms = snapshot.watermarkMs().getOrDefault(side, -1L);
        return ms < 0 ? "unknown" : Instant.ofEpochMilli(ms).toString();
    }
}
