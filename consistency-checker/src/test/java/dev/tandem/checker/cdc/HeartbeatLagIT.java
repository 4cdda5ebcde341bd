package dev.tandem.checker.cdc;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.checker.verdict.CheckRole;
import dev.tandem.contract.verdict.Side;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lag that means something, with both captures and the check running against the real servers and
 * not one token written: heartbeats keep the lag of both stores near 0, and a store whose server stops
 * answering (SIGSTOP) shows as growing lag within a few heartbeats, in the status and in
 * {@code tandem_checker_lag_seconds}, and near 0 again once it answers (SIGCONT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeartbeatLagIT {
    private static final long INTERVAL_MS = 1_000;
    /** "Near 0": under three heartbeat intervals. */
    private static final long NEAR_ZERO_MS = 3 * INTERVAL_MS;
    private static final long STALLED_MS = 5_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private CdcTestEnvironment env;
    private CdcRole cdc;
    private CheckRole check;

    @BeforeAll
    void start() {
        env = new CdcTestEnvironment();
        env.settings.put(CheckerConfig.CDC_HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(INTERVAL_MS));
        env.settings.put(CheckerConfig.CHECK_APPLICATION_ID_CONFIG, "t-check-" + env.slot);
        CheckerConfig config = env.config();
        cdc = new CdcRole(config, registry);
        check = new CheckRole(config, registry);
        cdc.start();
        check.start();
        await("captures streaming and the check running").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> cdc.isStreaming() && "RUNNING".equals(check.state()));
        awaitNearZero("after the start", START_TIMEOUT);
    }

    @AfterAll
    void stop() {
        if (check != null) {
            check.close();
        }
        if (cdc != null) {
            cdc.close();
        }
        if (env != null) {
            env.close();
        }
    }

    private long lag(Side side) {
        return check.status().lagMs().get(side);
    }

    private double lagSecondsGauge(Side side) {
        return registry.get("tandem.checker.lag").tag("store", side.wireName()).gauge().value();
    }

    private void awaitNearZero(String when, Duration timeout) {
        await("lag of both stores near 0 " + when).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> lag(Side.LEGACY) < NEAR_ZERO_MS && lag(Side.ENGINE) < NEAR_ZERO_MS);
    }

    @Test
    @Order(1)
    void withNoTokenWritesTheHeartbeatsKeepTheLagOfBothStoresNearZero() {
        long before = System.currentTimeMillis();
        AtomicLong worst = new AtomicLong();
        await("lag near 0 for ten heartbeats").during(Duration.ofMillis(10 * INTERVAL_MS)).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    long lag = Math.max(lag(Side.LEGACY), lag(Side.ENGINE));
                    worst.accumulateAndGet(lag, Math::max);
                    return lag < NEAR_ZERO_MS;
                });
        System.out.printf("[HeartbeatLagIT] quiet stores: largest lag over 10 s of heartbeats %d ms%n", worst.get());

        long now = System.currentTimeMillis();
        int partitions = Integer.parseInt(env.settings.get(CheckerConfig.TOPIC_PARTITIONS_CONFIG));
        for (String topic : List.of(env.legacyTopic(), env.engineTopic())) {
            for (int p = 0; p < partitions; p++) {
                assertThat(check.stats().progress().watermarkMs(new TopicPartition(topic, p)))
                        .as("watermark of %s-%d: every partition hears the heartbeats", topic, p)
                        .isGreaterThan(before).isGreaterThan(now - NEAR_ZERO_MS);
            }
        }
        assertThat(check.stats().events(Side.LEGACY) + check.stats().events(Side.ENGINE))
                .as("heartbeats are not token events").isZero();
        assertThat(check.stats().deadLetters(Side.LEGACY) + check.stats().deadLetters(Side.ENGINE)).isZero();
        assertThat(check.stats().pending()).isZero();
        for (String store : List.of("legacy", "engine")) {
            assertThat(registry.get(CdcMetrics.HEARTBEATS).tag("store", store).counter().count())
                    .as("heartbeats published by the %s capture", store).isGreaterThanOrEqualTo(8);
        }
        try (CdcTestEnvironment.TopicReader reader = env.reader()) {
            assertThat(reader.events(env.legacyTopic())).isEmpty();
            List<ConsumerRecord<String, byte[]>> beats = reader.heartbeats(env.engineTopic());
            assertThat(beats).allSatisfy(record -> assertThat(record.key()).isEqualTo("heartbeat"));
            Set<Integer> reached = beats.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
            assertThat(reached).hasSize(partitions);
        }
        assertThat(lagSecondsGauge(Side.LEGACY)).isLessThan(NEAR_ZERO_MS / 1000.0);
    }

    @Test
    @Order(2)
    void aPausedLegacyServerShowsAsGrowingLegacyLagAndRecovers() throws Exception {
        List<Long> pids = PausableServers.local().legacy();
        stallAndRecover(Side.LEGACY, pids);
    }

    @Test
    @Order(3)
    void aPausedEngineServerShowsAsGrowingEngineLagAndRecovers() throws Exception {
        List<Long> pids = PausableServers.local().engine();
        stallAndRecover(Side.ENGINE, pids);
    }

    private void stallAndRecover(Side paused, List<Long> pids) throws Exception {
        Side other = paused == Side.LEGACY ? Side.ENGINE : Side.LEGACY;
        awaitNearZero("before the pause", RECOVERY_TIMEOUT);
        long pausedAt = System.currentTimeMillis();
        long stalledAfter;
        PausableServers.pause(pids);
        try {
            await(paused.wireName() + " lag past " + STALLED_MS + " ms while its server is stopped")
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> lag(paused) > STALLED_MS);
            stalledAfter = System.currentTimeMillis() - pausedAt;
            assertThat(lag(other)).as("the other store's lag").isLessThan(NEAR_ZERO_MS);
            assertThat(lagSecondsGauge(paused)).as("tandem_checker_lag_seconds{store=%s}", paused.wireName())
                    .isGreaterThan(STALLED_MS / 1000.0);
            long seen = lag(paused);
            await(paused.wireName() + " lag still growing").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> lag(paused) >= seen + 2_000);
            System.out.printf("[HeartbeatLagIT] %s server stopped: lag past %d ms after %d ms, %d ms after %d ms%n",
                    paused.wireName(), STALLED_MS, stalledAfter, lag(paused), System.currentTimeMillis() - pausedAt);
        } finally {
            PausableServers.resume(pids);
        }
        long resumedAt = System.currentTimeMillis();
        await(paused.wireName() + " lag near 0 again after SIGCONT").atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> lag(paused) < NEAR_ZERO_MS);
        System.out.printf("[HeartbeatLagIT] %s server continued: lag under %d ms after %d ms%n",
                paused.wireName(), NEAR_ZERO_MS, System.currentTimeMillis() - resumedAt);
        Map<Side, Long> lag = check.status().lagMs();
        assertThat(lag.get(other)).isLessThan(NEAR_ZERO_MS);
    }
}
