package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.CheckerStatus;
import dev.tandem.contract.verdict.Side;
import dev.tandem.testing.CheckerProcess;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.contract.change.ChangeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts of the check, clean and {@code kill -9}, on the real broker: no event is missed and the
 * final verdicts are those of a run without the restart (the same topology over the same events in
 * a {@code TopologyTestDriver}; verdicts per id do not depend on partitioning or order).
 */
class CheckRecoveryIT {
    private static final long GRACE_MS = 1_500;

    /** Until the divergence topic holds {@code expected}; a failure lists the ids that differ, not both maps. */
    private static void awaitVerdicts(CheckEnvironment env, Map<String, List<Object>> expected) {
        await("final verdicts").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, List<Object>> actual = CheckEnvironment.comparable(env.divergences());
            java.util.Set<String> ids = new java.util.TreeSet<>(expected.keySet());
            ids.addAll(actual.keySet());
            List<String> differing = ids.stream().filter(id -> !java.util.Objects.equals(expected.get(id), actual.get(id)))
                    .map(id -> id + ": expected " + expected.get(id) + ", was " + actual.get(id)).toList();
            assertThat(differing).as("%d of %d ids differ", differing.size(), ids.size()).isEmpty();
        });
    }

    /** The verdicts of an uninterrupted run over {@code events}. */
    private static Map<String, List<Object>> uninterrupted(List<ChangeEvent> events) {
        try (CheckDriver reference = new CheckDriver(GRACE_MS, Instant.now())) {
            events.forEach(reference::pipe);
            reference.advance(GRACE_MS * 2);
            return CheckEnvironment.comparable(reference.divergences());
        }
    }

    /**
     * Until the instance reports, after {@code startedAt}, that it runs, has read both streams to their
     * end and has nothing pending. A killed instance's last report says running too: only its time
     * tells it apart.
     */
    private static void awaitCaughtUp(CheckEnvironment env, Instant startedAt) {
        String instance = env.settings.get(CheckerConfig.INSTANCE_ID_CONFIG);
        await("check caught up").atMost(CheckEnvironment.TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            CheckerStatus status = env.statuses().get(instance);
            assertThat(status).isNotNull();
            assertThat(status.at()).isAfter(startedAt);
            assertThat(status.state()).isEqualTo("RUNNING");
            assertThat(status.lagMs()).containsEntry(Side.LEGACY, 0L).containsEntry(Side.ENGINE, 0L);
            assertThat(status.pending()).isZero();
        });
    }

    @Test
    void aCleanRestartKeepsStateAndEndsWithTheVerdictsOfAnUninterruptedRun() {
        try (CheckEnvironment env = new CheckEnvironment().withTopics()) {
            ChangeHistories histories = new ChangeHistories(System.nanoTime());
            List<ChangeEvent> events = histories.generate(300, Instant.now());
            int half = events.size() / 2;

            CheckRole first = new CheckRole(env.config(), new SimpleMeterRegistry());
            first.start();
            events.subList(0, half).forEach(env::send);
            env.flush();
            awaitCaughtUp(env, Instant.now());
            first.close();

            events.subList(half, events.size()).forEach(env::send);
            env.flush();
            Instant restartedAt = Instant.now();
            CheckRole second = new CheckRole(env.config(), new SimpleMeterRegistry());
            second.start();
            try {
                awaitCaughtUp(env, restartedAt);
                Map<String, List<Object>> expected = uninterrupted(events);
                assertThat(expected).isNotEmpty();
                awaitVerdicts(env, expected);
                assertThat(second.stats().events(Side.LEGACY) + second.stats().events(Side.ENGINE))
                        .as("the second run resumed where the first stopped").isLessThan(events.size());
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aCheckKilledWithSigkillEndsWithTheVerdictsOfAnUninterruptedRun() throws Exception {
        try (CheckEnvironment env = new CheckEnvironment().withTopics()) {
            ChangeHistories histories = new ChangeHistories(System.nanoTime());
            List<ChangeEvent> events = histories.generate(600, Instant.now());
            Map<String, List<Object>> expected = uninterrupted(events);
            Path log = env.stateDir.resolve("check.log");
            int third = events.size() / 3;

            // Reports every 100 ms, so that the kill can follow the first sign of the second batch being read.
            env.settings.put(CheckerConfig.CHECK_STATUS_INTERVAL_MS_CONFIG, "100");
            String instance = env.settings.get(CheckerConfig.INSTANCE_ID_CONFIG);
            try (CheckerProcess first = CheckerProcess.start(env.settings, CheckerConfig.ROLE_CHECK, log)) {
                events.subList(0, third).forEach(env::send);
                env.flush();
                awaitCaughtUp(env, Instant.now());
                events.subList(third, 2 * third).forEach(env::send);
                env.flush();
                await("the second batch being read").atMost(CheckEnvironment.TIMEOUT).pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            CheckerStatus status = env.statuses().get(instance);
                            return status.events().get(Side.LEGACY) + status.events().get(Side.ENGINE) > third;
                        });
                first.kill();
            }
            events.subList(2 * third, events.size()).forEach(env::send);
            env.flush();
            Instant restartedAt = Instant.now();
            try (CheckerProcess second = CheckerProcess.start(env.settings, CheckerConfig.ROLE_CHECK, log)) {
                awaitCaughtUp(env, restartedAt);
                awaitVerdicts(env, expected);
                assertThat(second.isAlive()).isTrue();
            }
        }
    }

    @Test
    void theSameEventsThreeTimesShuffledOnTheBrokerGiveTheVerdictsOfOneOrderedPass() {
        try (CheckEnvironment env = new CheckEnvironment().withTopics()) {
            ChangeHistories histories = new ChangeHistories(System.nanoTime());
            List<ChangeEvent> events = histories.generate(300, Instant.now());
            CheckRole check = new CheckRole(env.config(), new SimpleMeterRegistry());
            check.start();
            try {
                histories.replayed(events, 3).forEach(env::send);
                env.flush();
                awaitCaughtUp(env, Instant.now());
                Map<String, List<Object>> expected = uninterrupted(events);
                awaitVerdicts(env, expected);
            } finally {
                check.close();
            }
        }
    }
}
