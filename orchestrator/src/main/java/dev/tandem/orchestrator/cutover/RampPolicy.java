package dev.tandem.orchestrator.cutover;

import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.guard.CheckerLagGuard;
import dev.tandem.orchestrator.guard.DivergenceZeroGuard;
import dev.tandem.orchestrator.guard.GuardStatus;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The automatic cutover's rule, as a pure function of the control state, the guard verdicts and
 * the time, so that every case can be tested without servers or clocks.
 *
 * <pre>
 *   SHADOW_READ ──every guard OK──▶ READ_ENGINE @ first step
 *   READ_ENGINE @ s (s &lt; 100):
 *       divergence-zero FAILED          ──▶ READ_ENGINE @ step before s, or SHADOW_READ from the first step
 *       dwell at s over, divergence-zero
 *       and checker-lag OK              ──▶ READ_ENGINE @ step after s
 *       otherwise                       hold
 *   READ_ENGINE @ 100, and every other phase: hold. Writes never move automatically:
 *   WRITE_ENGINE and ENGINE_ONLY (the point of no return) stay an operator's steps.
 * </pre>
 *
 * It acts only while the policy is on and the read flag is {@code auto}: a flag pinned to legacy
 * or engine is an operator's override (on-call's rollback sets it), and the cutover waits until
 * someone sets it back to auto. The dwell at a step counts from the control state's last change,
 * so any change made meanwhile (by an operator or another instance) restarts it: conservative, and
 * the same on every instance. Stepping back never waits for a dwell.
 */
public final class RampPolicy {
    public static final String ACTION_PHASE = "phase";
    public static final String ACTION_RAMP = "ramp";

    public static final String OFF = "auto-cutover is off";
    public static final String FLAG_PINNED = "reads are pinned to %s by an operator; auto-cutover acts only with the"
            + " read flag auto";
    public static final String NOT_ITS_PHASE = "auto-cutover moves reads in SHADOW_READ and READ_ENGINE only; %s is left"
            + " to an operator";
    public static final String RAMP_COMPLETE = "the ramp is complete (100%% of reads from the engine); WRITE_ENGINE is an"
            + " operator's step";
    public static final String WAITING_FOR_GUARDS = "waiting in %s: %s";
    public static final String DWELLING = "dwelling at ramp %d%% until %s (%d s left)";
    public static final String ENTER_READ_ENGINE = "every guard of SHADOW_READ -> READ_ENGINE holds: reads move to the"
            + " engine at the first ramp step, %d%%";
    public static final String NEXT_STEP = "ramp %d%% held for %d s (dwell %d s) with divergence-zero and checker-lag OK:"
            + " next step %d%%";
    public static final String STEP_BACK = "divergence at ramp %d%%: %s; ramp back to %d%%";
    public static final String BACK_TO_SHADOW_READ = "divergence at ramp %d%%, the first step: %s; reads back to legacy"
            + " (SHADOW_READ)";

    private RampPolicy() {
    }

    /**
     * The next change, if any.
     *
     * @param state    the control state the decision is made on (and proposed against)
     * @param verdicts the verdicts of the guards of SHADOW_READ -> READ_ENGINE, evaluated now
     * @param now      the time of the decision
     * @param plan     the ramp
     */
    public static CutoverDecision decide(ControlState state, List<GuardVerdict> verdicts, Instant now, RampPlan plan) {
        if (!state.autoCutover()) {
            return new CutoverDecision.Hold(OFF);
        }
        if (state.readFlag() != ReadFlag.AUTO) {
            return new CutoverDecision.Hold(FLAG_PINNED.formatted(state.readFlag().wireName()));
        }
        return switch (state.phase()) {
            case SHADOW_READ -> fromShadowRead(verdicts, plan);
            case READ_ENGINE -> fromReadEngine(state, verdicts, now, plan);
            default -> new CutoverDecision.Hold(NOT_ITS_PHASE.formatted(state.phase()));
        };
    }

    private static CutoverDecision fromShadowRead(List<GuardVerdict> verdicts, RampPlan plan) {
        List<GuardVerdict> notOk = verdicts.stream().filter(verdict -> !verdict.ok()).toList();
        // No verdict at all would mean nothing was checked: never a reason to move reads.
        if (verdicts.isEmpty() || !notOk.isEmpty()) {
            return new CutoverDecision.Hold(WAITING_FOR_GUARDS.formatted(MigrationPhase.SHADOW_READ,
                    verdicts.isEmpty() ? "no guard verdicts" : describe(notOk)));
        }
        return new CutoverDecision.Step(ACTION_PHASE, MigrationPhase.READ_ENGINE, plan.first(), false,
                ENTER_READ_ENGINE.formatted(plan.first()), verdicts);
    }

    private static CutoverDecision fromReadEngine(ControlState state, List<GuardVerdict> verdicts, Instant now, RampPlan plan) {
        int ramp = state.rampPercent();
        if (ramp >= 100) {
            return new CutoverDecision.Hold(RAMP_COMPLETE);
        }
        GuardVerdict divergence = find(verdicts, DivergenceZeroGuard.NAME);
        GuardVerdict lag = find(verdicts, CheckerLagGuard.NAME);
        if (divergence.status() == GuardStatus.FAILED) {
            Optional<Integer> previous = plan.before(ramp);
            return previous.<CutoverDecision>map(step -> new CutoverDecision.Step(ACTION_RAMP, MigrationPhase.READ_ENGINE,
                            step, true, STEP_BACK.formatted(ramp, describe(List.of(divergence)), step), List.of(divergence)))
                    .orElseGet(() -> new CutoverDecision.Step(ACTION_PHASE, MigrationPhase.SHADOW_READ, ramp, true,
                            BACK_TO_SHADOW_READ.formatted(ramp, describe(List.of(divergence))), List.of(divergence)));
        }
        Instant dwellEnds = state.changedAt().plus(plan.dwell());
        if (now.isBefore(dwellEnds)) {
            long left = Duration.between(now, dwellEnds).toSeconds();
            return new CutoverDecision.Hold(DWELLING.formatted(ramp, dwellEnds, left));
        }
        List<GuardVerdict> notOk = new ArrayList<>();
        for (GuardVerdict verdict : List.of(divergence, lag)) {
            if (!verdict.ok()) {
                notOk.add(verdict);
            }
        }
        if (!notOk.isEmpty()) {
            return new CutoverDecision.Hold(WAITING_FOR_GUARDS.formatted(MigrationPhase.READ_ENGINE + " at ramp " + ramp + "%",
                    describe(notOk)));
        }
        // after() is present: every ramp ends with 100, and ramp < 100 here.
        int next = plan.after(ramp).orElse(100);
        long held = Duration.between(state.changedAt(), now).toSeconds();
        return new CutoverDecision.Step(ACTION_RAMP, MigrationPhase.READ_ENGINE, next, false,
                NEXT_STEP.formatted(ramp, held, plan.dwell().toSeconds(), next), List.of(divergence, lag));
    }

    /** The verdict of guard {@code name}; UNKNOWN when the step did not report it (never a reason to move). */
    private static GuardVerdict find(List<GuardVerdict> verdicts, String name) {
        return verdicts.stream().filter(verdict -> verdict.name().equals(name)).findFirst()
                .orElseGet(() -> GuardVerdict.unknown(name, "the guard gave no verdict"));
    }

    private static String describe(List<GuardVerdict> verdicts) {
        return verdicts.stream().map(GuardVerdict::auditLine).collect(Collectors.joining("; "));
    }
}
