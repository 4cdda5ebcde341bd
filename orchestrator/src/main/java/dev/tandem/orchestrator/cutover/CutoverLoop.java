package dev.tandem.orchestrator.cutover;

import dev.tandem.orchestrator.control.ControlChange;
import dev.tandem.orchestrator.control.ControlConflictException;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.guard.PhaseGuards;
import dev.tandem.orchestrator.phase.MigrationPhase;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The automatic cutover: every {@code tandem.cutover.interval}, each instance reads the control
 * state, evaluates the guards of SHADOW_READ -> READ_ENGINE and lets {@link RampPolicy} decide. A
 * step is proposed as a compare-and-set on the revision it was decided on, so when several
 * instances decide the same step at once exactly one wins; the others' conflicts only mean that
 * another instance (or an operator) acted first, and they look again on their next tick.
 *
 * <p>Every change it makes is audited with actor {@value #ACTOR}, its reason, and the verdicts it
 * was decided on. It never moves writes: see {@link RampPolicy}.
 */
@Startup
@ApplicationScoped
public class CutoverLoop {
    /** The audit's actor of every automatic change. */
    public static final String ACTOR = "auto-cutover";
    public static final String INTERVAL_TOO_SHORT = CutoverConfig.INTERVAL + " is %s (valid: at least 100 ms)";
    private static final Logger LOG = Logger.getLogger(CutoverLoop.class);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    @Inject
    CutoverConfig config;
    @Inject
    ControlPlane controlPlane;
    @Inject
    PhaseGuards guards;
    @Inject
    Vertx vertx;
    @Inject
    SafeContext safeContext;

    private final AtomicBoolean looking = new AtomicBoolean();
    private RampPlan plan;
    private long timer = -1;
    private volatile LastDecision last;

    /**
     * The latest decision of this instance's loop.
     *
     * @param at       when it was made
     * @param revision the revision it was made on
     * @param decision what it decided
     * @param outcome  {@code hold}, {@code applied}, {@code conflict} (another change came first) or {@code failed: ...}
     */
    public record LastDecision(Instant at, long revision, CutoverDecision decision, String outcome) {
    }

    @PostConstruct
    void start() {
        if (config.interval().compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException(INTERVAL_TOO_SHORT.formatted(config.interval()));
        }
        plan = RampPlan.of(config);
        timer = vertx.setPeriodic(config.interval().toMillis(), ignored -> safeContext.run(this::tick));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The ramp this instance steps through. */
    public RampPlan plan() {
        return plan;
    }

    /** The latest decision of this instance, or null before the first one. */
    public LastDecision last() {
        return last;
    }

    private void tick() {
        // A look that outlasts the interval (slow guards) is not doubled up.
        if (!controlPlane.ready() || !looking.compareAndSet(false, true)) {
            return;
        }
        ControlState state = controlPlane.current();
        Uni<List<GuardVerdict>> verdicts = state.autoCutover()
                ? guards.evaluate(MigrationPhase.SHADOW_READ, MigrationPhase.READ_ENGINE)
                : Uni.createFrom().item(List.of());
        verdicts.chain(checked -> act(state, RampPolicy.decide(state, checked, Instant.now(), plan)))
                .onTermination().invoke(() -> looking.set(false))
                .subscribe().with(ignored -> { }, e -> LOG.warnf("auto-cutover could not look at the guards: %s", e.getMessage()));
    }

    private Uni<Void> act(ControlState state, CutoverDecision decision) {
        if (!(decision instanceof CutoverDecision.Step step)) {
            last = new LastDecision(Instant.now(), state.revision(), decision, "hold");
            return Uni.createFrom().voidItem();
        }
        ControlChange change = new ControlChange(state.revision(), step.phase(), state.readFlag(), step.rampPercent(), true,
                step.action(), ACTOR, step.reason(), false, step.basis().stream().map(GuardVerdict::auditLine).toList());
        return controlPlane.propose(change)
                .invoke(applied -> {
                    last = new LastDecision(Instant.now(), state.revision(), decision, "applied");
                    if (step.back()) {
                        LOG.warnf("auto-cutover stepped back: %s", step.reason());
                    }
                })
                .onFailure(ControlConflictException.class).recoverWithItem(e -> {
                    LOG.debugf("auto-cutover's step from revision %d lost to another change: %s", state.revision(), e.getMessage());
                    last = new LastDecision(Instant.now(), state.revision(), decision, "conflict");
                    return null;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("auto-cutover could not apply \"%s\": %s", step.reason(), e.getMessage());
                    last = new LastDecision(Instant.now(), state.revision(), decision, "failed: " + e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
