package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The check's meters, read from {@link CheckStats} (Prometheus names):
 * <ul>
 *   <li>{@code tandem_checker_settled_keys{severity,kind}}: ids with settled divergence;</li>
 *   <li>{@code tandem_checker_pending_keys}: divergent ids inside the grace window or held back by lag;</li>
 *   <li>{@code tandem_checker_lag_seconds{store}}: as defined in {@link StreamProgress};</li>
 *   <li>{@code tandem_checker_events_total{store}}, {@code tandem_checker_dead_letters_total{store}};</li>
 *   <li>{@code tandem_checker_verdict_latency_seconds{store}}: source commit to verdict, by the
 *       store of the change, a histogram with buckets from 5 ms to 10 s.</li>
 * </ul>
 */
final class CheckMetrics {
    private static final Duration[] LATENCY_BUCKETS = java.util.stream.LongStream
            .of(5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000, 10000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private CheckMetrics() {
    }

    static void bind(MeterRegistry registry, CheckStats stats, Clock clock) {
        for (Severity severity : Severity.values()) {
            for (VerdictKind kind : VerdictKind.DIVERGENT) {
                Gauge.builder("tandem.checker.settled.keys", stats, s -> s.settled(severity, kind))
                        .description("Token ids whose divergence outlasted the grace window and the stream lag")
                        .tag("severity", severity.wireName()).tag("kind", kind.wireName())
                        .register(registry);
            }
        }
        Gauge.builder("tandem.checker.pending.keys", stats, CheckStats::pending)
                .description("Divergent token ids not settled yet").register(registry);
        for (Side side : Side.values()) {
            Gauge.builder("tandem.checker.lag", stats, s -> s.progress().lagMs(side, clock.millis()) / 1000.0)
                    .baseUnit("seconds")
                    .description("How far behind its store the check is: 0 when read to the end with a fresh heartbeat,"
                            + " else the age of the newest commit read")
                    .tag("store", side.wireName()).register(registry);
            FunctionCounter.builder("tandem.checker.events", stats, s -> s.events(side))
                    .description("Change events checked").tag("store", side.wireName()).register(registry);
            FunctionCounter.builder("tandem.checker.dead.letters", stats, s -> s.deadLetters(side))
                    .description("Change events the check could not read, sent to the dead-letter topic")
                    .tag("store", side.wireName()).register(registry);
        }
        Map<Side, Timer> latency = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            // Buckets fine enough for a benchmark to read p50 and p99 from (./tandem bench checker). Legacy
            // commit times have whole seconds only (MariaDB's binlog), so the legacy series reads up to a
            // second high: the engine series is the precise one.
            latency.put(side, Timer.builder("tandem.checker.verdict.latency")
                    .description("From a change's source commit to its verdict")
                    .tag("store", side.wireName())
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry));
        }
        stats.onVerdictLatency((side, ms) -> latency.get(side).record(ms, TimeUnit.MILLISECONDS));
    }
}
