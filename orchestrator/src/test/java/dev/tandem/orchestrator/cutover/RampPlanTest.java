package dev.tandem.orchestrator.cutover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RampPlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1,10,50     | tandem.cutover.ramp ends with 50 (valid: the last step is 100, all reads from the engine)",
            "10,10,100   | tandem.cutover.ramp has 10 after 10 (valid: strictly increasing steps)",
            "50,10,100   | tandem.cutover.ramp has 10 after 50 (valid: strictly increasing steps)",
            "0,50,100    | tandem.cutover.ramp has step 0 (valid: 1 to 100)",
            "1,101       | tandem.cutover.ramp has step 101 (valid: 1 to 100)",
    })
    void aBadRampIsRefusedNamingTheKeyTheValueAndWhatIsValid(String steps, String message) {
        List<Integer> ramp = Arrays.stream(steps.split(",")).map(Integer::valueOf).toList();

        assertThatThrownBy(() -> new RampPlan(ramp, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void anEmptyRampAndANegativeDwellAreRefused() {
        assertThatThrownBy(() -> new RampPlan(List.of(), Duration.ZERO)).hasMessage(RampPlan.STEPS_EMPTY);
        assertThatThrownBy(() -> new RampPlan(List.of(100), Duration.ofSeconds(-1)))
                .hasMessage("tandem.cutover.dwell is PT-1S (valid: zero or more)");
    }

    @Test
    void stepsBeforeAndAfterAnyRamp() {
        RampPlan plan = new RampPlan(List.of(1, 10, 50, 100), Duration.ZERO);

        assertThat(plan.after(0)).contains(1);
        assertThat(plan.after(10)).contains(50);
        assertThat(plan.after(11)).contains(50);
        assertThat(plan.after(100)).isEmpty();
        assertThat(plan.before(1)).isEmpty();
        assertThat(plan.before(10)).contains(1);
        assertThat(plan.before(100)).contains(50);
        assertThat(plan.indexOf(50)).contains(2);
        assertThat(plan.indexOf(30)).isEmpty();
    }
}
