package dev.tandem.orchestrator.api;

import dev.tandem.orchestrator.control.ControlChange;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.control.ControlState;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Moves the test application's control state as an operator would, with guards forced: forward
 * one phase at a time (the only way the state machine allows), backward in one step.
 */
public final class Control {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Control() {
    }

    public static void awaitReady(ControlPlane control) {
        await("control plane ready").atMost(TIMEOUT).until(control::ready);
    }

    public static ControlState set(ControlPlane control, MigrationPhase phase, ReadFlag flag, int rampPercent) {
        awaitReady(control);
        ControlState current = control.current();
        if (current.phase() == MigrationPhase.POINT_OF_NO_RETURN && phase != current.phase()) {
            throw new IllegalStateException("the test left the control state in " + current.phase()
                    + ", from which no step leads back to " + phase + ": give ENGINE_ONLY tests their own application");
        }
        while (current.phase().ordinal() < phase.ordinal()) {
            MigrationPhase next = MigrationPhase.values()[current.phase().ordinal() + 1];
            current = propose(control, current, next, ReadFlag.AUTO, current.rampPercent());
        }
        if (current.phase() != phase || current.readFlag() != flag || current.rampPercent() != rampPercent) {
            current = propose(control, current, phase, flag, rampPercent);
        }
        return current;
    }

    public static ControlState set(ControlPlane control, MigrationPhase phase, ReadFlag flag) {
        return set(control, phase, flag, 100);
    }

    /** Changes the read flag only, as {@code ./tandem reads} does. */
    public static ControlState flag(ControlPlane control, ReadFlag flag) {
        ControlState current = control.current();
        return propose(control, current, current.phase(), flag, current.rampPercent());
    }

    private static ControlState propose(ControlPlane control, ControlState current, MigrationPhase phase, ReadFlag flag,
                                        int rampPercent) {
        return control.propose(new ControlChange(current.revision(), phase, flag, rampPercent, "phase", "test",
                        "test sets " + phase + "/" + flag.wireName() + "/" + rampPercent, true, List.of()))
                .await().atMost(TIMEOUT);
    }
}
