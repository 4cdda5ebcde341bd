package dev.tandem.orchestrator.cutover;

import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.guard.BackfillCompleteGuard;
import dev.tandem.orchestrator.guard.CheckerLagGuard;
import dev.tandem.orchestrator.guard.DivergenceZeroGuard;
import dev.tandem.orchestrator.guard.EngineReachableGuard;
import dev.tandem.orchestrator.guard.GuardStatus;
import dev.tandem.orchestrator.guard.GuardVerdict;
import dev.tandem.orchestrator.guard.VerificationCleanGuard;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The automatic cutover's rule, case by case: state + verdicts + time -> next change. */
class RampPolicyTest {
    private static final RampPlan PLAN = new RampPlan(List.of(1, 10, 50, 100), Duration.ofMinutes(5));
    private static final Instant CHANGED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant DWELL_OVER = CHANGED.plus(PLAN.dwell());
    private static final List<String> STEP_GUARDS = List.of(EngineReachableGuard.NAME, BackfillCompleteGuard.NAME,
            VerificationCleanGuard.NAME, DivergenceZeroGuard.NAME, CheckerLagGuard.NAME);
    private static final List<Integer> RAMPS = List.of(0, 1, 5, 10, 30, 50, 99, 100);

    @Test
    void offHoldsInEveryPhaseWhateverTheGuardsSay() {
        for (MigrationPhase phase : MigrationPhase.values()) {
            for (int ramp : RAMPS) {
                assertThat(RampPolicy.decide(state(phase, ReadFlag.AUTO, ramp, false), allOk(), DWELL_OVER.plusSeconds(3600), PLAN))
                        .isEqualTo(new CutoverDecision.Hold(RampPolicy.OFF));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadFlag.class, names = {"LEGACY", "ENGINE"})
    void aPinnedReadFlagHoldsEvenWhenDivergenceAppears(ReadFlag flag) {
        for (MigrationPhase phase : List.of(MigrationPhase.SHADOW_READ, MigrationPhase.READ_ENGINE)) {
            for (List<GuardVerdict> verdicts : List.of(allOk(), with(DivergenceZeroGuard.NAME, GuardStatus.FAILED))) {
                assertThat(RampPolicy.decide(state(phase, flag, 10, true), verdicts, DWELL_OVER, PLAN))
                        .isEqualTo(new CutoverDecision.Hold(RampPolicy.FLAG_PINNED.formatted(flag.wireName())));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"LEGACY_ONLY", "DUAL_WRITE", "WRITE_ENGINE", "ENGINE_ONLY"})
    void writesAndTheEarlyPhasesAreNeverMovedAutomatically(MigrationPhase phase) {
        for (List<GuardVerdict> verdicts : everyVerdictCombination()) {
            assertThat(RampPolicy.decide(state(phase, ReadFlag.AUTO, 10, true), verdicts, DWELL_OVER, PLAN))
                    .isEqualTo(new CutoverDecision.Hold(RampPolicy.NOT_ITS_PHASE.formatted(phase)));
        }
    }

    @Test
    void shadowReadMovesToTheFirstRampStepWhenEveryGuardHolds() {
        CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 100, true), allOk(),
                CHANGED, PLAN);

        assertThat(decision).isEqualTo(new CutoverDecision.Step(RampPolicy.ACTION_PHASE, MigrationPhase.READ_ENGINE, 1, false,
                "every guard of SHADOW_READ -> READ_ENGINE holds: reads move to the engine at the first ramp step, 1%",
                allOk()));
    }

    @Test
    void shadowReadHoldsWhileAnyGuardIsNotOkNamingItWithItsReason() {
        for (String guard : STEP_GUARDS) {
            for (GuardStatus status : List.of(GuardStatus.FAILED, GuardStatus.UNKNOWN)) {
                CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 100, true),
                        with(guard, status), DWELL_OVER, PLAN);

                assertThat(decision).isEqualTo(new CutoverDecision.Hold("waiting in SHADOW_READ: " + guard + ": " + status
                        + " (" + guard + " says " + status + ")"));
            }
        }
    }

    @Test
    void shadowReadHoldsWithoutAnyVerdict() {
        assertThat(RampPolicy.decide(state(MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 100, true), List.of(), DWELL_OVER, PLAN))
                .isEqualTo(new CutoverDecision.Hold("waiting in SHADOW_READ: no guard verdicts"));
    }

    /** ramp, divergence-zero, checker-lag, seconds since the last change -> phase and ramp after, or hold. */
    @ParameterizedTest(name = "at {0}% divergence {1} lag {2} after {3}s -> {4}")
    @CsvSource({
            // forward after the dwell, when divergence and lag hold
            "1,   OK,      OK,      300, READ_ENGINE@10",
            "10,  OK,      OK,      301, READ_ENGINE@50",
            "50,  OK,      OK,      900, READ_ENGINE@100",
            "0,   OK,      OK,      300, READ_ENGINE@1",
            "30,  OK,      OK,      300, READ_ENGINE@50",
            "99,  OK,      OK,      300, READ_ENGINE@100",
            // not before the dwell is over
            "1,   OK,      OK,      0,   hold",
            "10,  OK,      OK,      299, hold",
            // not while either signal is missing or bad
            "10,  UNKNOWN, OK,      300, hold",
            "10,  OK,      UNKNOWN, 300, hold",
            "10,  OK,      FAILED,  300, hold",
            "10,  ABSENT,  OK,      300, hold",
            "10,  OK,      ABSENT,  300, hold",
            // divergence steps back at once, dwell or not, lag or not
            "10,  FAILED,  OK,      0,   READ_ENGINE@1",
            "50,  FAILED,  UNKNOWN, 10,  READ_ENGINE@10",
            "30,  FAILED,  FAILED,  900, READ_ENGINE@10",
            "99,  FAILED,  OK,      0,   READ_ENGINE@50",
            // from the first step (or below it) back to shadow reads
            "1,   FAILED,  OK,      0,   SHADOW_READ@1",
            "0,   FAILED,  OK,      0,   SHADOW_READ@0",
            // 100 is the end of the automatic part: hold whatever happens
            "100, OK,      OK,      900, hold",
            "100, FAILED,  OK,      900, hold",
    })
    void readEngineRampsForwardAfterTheDwellAndStepsBackOnDivergence(int ramp, String divergence, String lag, long seconds,
                                                                      String expected) {
        List<GuardVerdict> verdicts = new ArrayList<>(allOk());
        set(verdicts, DivergenceZeroGuard.NAME, divergence);
        set(verdicts, CheckerLagGuard.NAME, lag);

        CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, ramp, true), verdicts,
                CHANGED.plusSeconds(seconds), PLAN);

        assertThat(describe(decision)).isEqualTo(expected);
    }

    @Test
    void everyReadEngineDecisionStaysOnTheReadSideAndFollowsTheRules() {
        for (int ramp : RAMPS) {
            for (List<GuardVerdict> verdicts : everyVerdictCombination()) {
                for (long seconds : List.of(0L, 1L, 299L, 300L, 301L, 86_400L)) {
                    CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, ramp, true),
                            verdicts, CHANGED.plusSeconds(seconds), PLAN);
                    GuardStatus divergence = status(verdicts, DivergenceZeroGuard.NAME);
                    GuardStatus lag = status(verdicts, CheckerLagGuard.NAME);
                    String at = "ramp %d, %s, %d s".formatted(ramp, verdicts, seconds);
                    if (ramp == 100) {
                        assertThat(decision).as(at).isEqualTo(new CutoverDecision.Hold(RampPolicy.RAMP_COMPLETE));
                    } else if (divergence == GuardStatus.FAILED) {
                        CutoverDecision.Step step = (CutoverDecision.Step) decision;
                        assertThat(step.back()).as(at).isTrue();
                        assertThat(step.basis()).as(at).extracting(GuardVerdict::name).containsExactly(DivergenceZeroGuard.NAME);
                        assertThat(step.reason()).as(at).contains("divergence at ramp " + ramp + "%", "divergence-zero says FAILED");
                        if (ramp > 1) {
                            assertThat(step.phase()).as(at).isEqualTo(MigrationPhase.READ_ENGINE);
                            assertThat(step.rampPercent()).as(at).isLessThan(ramp).isIn(PLAN.steps());
                        } else {
                            assertThat(step.phase()).as(at).isEqualTo(MigrationPhase.SHADOW_READ);
                        }
                    } else if (seconds >= 300 && divergence == GuardStatus.OK && lag == GuardStatus.OK) {
                        CutoverDecision.Step step = (CutoverDecision.Step) decision;
                        assertThat(step.phase()).as(at).isEqualTo(MigrationPhase.READ_ENGINE);
                        assertThat(step.back()).as(at).isFalse();
                        assertThat(step.rampPercent()).as(at).isGreaterThan(ramp).isIn(PLAN.steps());
                        assertThat(step.basis()).as(at).extracting(GuardVerdict::name)
                                .containsExactly(DivergenceZeroGuard.NAME, CheckerLagGuard.NAME);
                    } else {
                        assertThat(decision).as(at).isInstanceOf(CutoverDecision.Hold.class);
                    }
                }
            }
        }
    }

    @Test
    void aStepBackNamesTheGuardAndItsReason() {
        List<GuardVerdict> verdicts = List.of(GuardVerdict.failed(DivergenceZeroGuard.NAME,
                "settled divergence 3 keys (1 critical), must be 0 for 5m"), GuardVerdict.ok(CheckerLagGuard.NAME, "lag 40 ms"));

        CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 50, true), verdicts,
                CHANGED, PLAN);

        assertThat(decision.reason()).isEqualTo("divergence at ramp 50%: divergence-zero: FAILED (settled divergence 3 keys"
                + " (1 critical), must be 0 for 5m); ramp back to 10%");
    }

    @Test
    void waitingForTheDwellSaysUntilWhen() {
        CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 10, true), allOk(),
                CHANGED.plusSeconds(60), PLAN);

        assertThat(decision).isEqualTo(new CutoverDecision.Hold("dwelling at ramp 10% until 2025-01-01T10:05:00Z (240 s left)"));
    }

    @Test
    void aZeroDwellStepsOnEveryLookWhileTheGuardsHold() {
        RampPlan noDwell = new RampPlan(List.of(25, 100), Duration.ZERO);
        CutoverDecision decision = RampPolicy.decide(state(MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 25, true), allOk(),
                CHANGED, noDwell);

        assertThat(describe(decision)).isEqualTo("READ_ENGINE@100");
    }

    private static ControlState state(MigrationPhase phase, ReadFlag flag, int ramp, boolean auto) {
        return new ControlState(phase, flag, ramp, auto, 7, CHANGED);
    }

    private static List<GuardVerdict> allOk() {
        return STEP_GUARDS.stream().map(name -> GuardVerdict.ok(name, name + " says OK")).toList();
    }

    private static List<GuardVerdict> with(String guard, GuardStatus status) {
        List<GuardVerdict> verdicts = new ArrayList<>(allOk());
        set(verdicts, guard, status.name());
        return verdicts;
    }

    /** Sets guard {@code name} to {@code status}, or removes it for ABSENT. */
    private static void set(List<GuardVerdict> verdicts, String name, String status) {
        int index = STEP_GUARDS.indexOf(name);
        verdicts.removeIf(verdict -> verdict.name().equals(name));
        if (!status.equals("ABSENT")) {
            verdicts.add(Math.min(index, verdicts.size()),
                    new GuardVerdict(name, GuardStatus.valueOf(status), name + " says " + status));
        }
    }

    /** Every combination of the two signals the ramp reads (each OK, FAILED, UNKNOWN or absent), the others OK. */
    private static List<List<GuardVerdict>> everyVerdictCombination() {
        List<String> statuses = List.of("OK", "FAILED", "UNKNOWN", "ABSENT");
        List<List<GuardVerdict>> combinations = new ArrayList<>();
        for (String divergence : statuses) {
            for (String lag : statuses) {
                List<GuardVerdict> verdicts = new ArrayList<>(allOk());
                set(verdicts, DivergenceZeroGuard.NAME, divergence);
                set(verdicts, CheckerLagGuard.NAME, lag);
                combinations.add(verdicts);
            }
        }
        return combinations;
    }

    private static GuardStatus status(List<GuardVerdict> verdicts, String name) {
        return verdicts.stream().filter(verdict -> verdict.name().equals(name)).map(GuardVerdict::status).findFirst()
                .orElse(GuardStatus.UNKNOWN);
    }

    private static String describe(CutoverDecision decision) {
        return decision instanceof CutoverDecision.Step step ? step.phase() + "@" + step.rampPercent() : "hold";
    }
}
