package dev.tandem.orchestrator.cutover;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated ramp: its steps (percent of tokens read from the engine) and the dwell at each.
 *
 * @param steps strictly increasing, each from 1 to 100, the last one 100
 * @param dwell how long reads stay at a step before the next, zero or more
 */
public record RampPlan(List<Integer> steps, Duration dwell) {
    public static final String STEPS_EMPTY = CutoverConfig.RAMP + " is empty (valid: percentages from 1 to 100,"
            + " strictly increasing, ending with 100, e.g. 1,10,50,100)";
    public static final String STEP_OUT_OF_RANGE = CutoverConfig.RAMP + " has step %d (valid: 1 to 100)";
    public static final String STEPS_NOT_INCREASING = CutoverConfig.RAMP + " has %d after %d (valid: strictly increasing steps)";
    public static final String LAST_STEP_NOT_100 = CutoverConfig.RAMP + " ends with %d (valid: the last step is 100, all reads"
            + " from the engine)";
    public static final String DWELL_NEGATIVE = CutoverConfig.DWELL + " is %s (valid: zero or more)";

    public RampPlan {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException(STEPS_EMPTY);
        }
        int previous = 0;
        for (Integer step : steps) {
            if (step == null || step < 1 || step > 100) {
                throw new IllegalArgumentException(STEP_OUT_OF_RANGE.formatted(step));
            }
            if (step <= previous) {
                throw new IllegalArgumentException(STEPS_NOT_INCREASING.formatted(step, previous));
            }
            previous = step;
        }
        if (previous != 100) {
            throw new IllegalArgumentException(LAST_STEP_NOT_100.formatted(previous));
        }
        if (dwell == null || dwell.isNegative()) {
            throw new IllegalArgumentException(DWELL_NEGATIVE.formatted(dwell));
        }
        steps = List.copyOf(steps);
    }

    public static RampPlan of(CutoverConfig config) {
        return new RampPlan(config.ramp(), config.dwell());
    }

    public int first() {
        return steps.get(0);
    }

    /** The smallest step above {@code percent}; empty at 100. */
    public Optional<Integer> after(int percent) {
        return steps.stream().filter(step -> step > percent).findFirst();
    }

    /** The largest step below {@code percent}; empty at or below the first step (the way back is SHADOW_READ). */
    public Optional<Integer> before(int percent) {
        return steps.stream().filter(step -> step < percent).reduce((a, b) -> b);
    }

    /** The position of {@code percent} among the steps (0-based), or empty when the ramp was set by hand in between. */
    public Optional<Integer> indexOf(int percent) {
        int index = steps.indexOf(percent);
        return index < 0 ? Optional.empty() : Optional.of(index);
    }
}
