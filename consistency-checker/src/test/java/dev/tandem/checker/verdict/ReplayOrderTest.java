package dev.tandem.checker.verdict;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.verdict.Divergence;
import org.junit.jupiter.api.RepeatedTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayOrderTest {

    @RepeatedTest(3)
    void theSameEventsThreeTimesShuffledGiveTheSameVerdicts() {
        long seed = System.nanoTime();
        ChangeHistories histories = new ChangeHistories(seed);
        List<ChangeEvent> events = histories.generate(200, CheckDriver.START);

        Map<String, Divergence> inOrder = verdicts(events);
        Map<String, Divergence> replayed = verdicts(histories.replayed(events, 3));

        assertThat(inOrder).as("seed %d: some divergence to compare", seed).isNotEmpty();
        assertThat(replayed).as("seed %d", seed).isEqualTo(inOrder);
    }

    private static Map<String, Divergence> verdicts(List<ChangeEvent> events) {
        try (CheckDriver check = new CheckDriver(1_500)) {
            events.forEach(check::pipe);
            check.advance(2_000);
            return new HashMap<>(check.divergences());
        }
    }
}
