package dev.tandem.orchestrator.checker;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.orchestrator.metrics.TandemMetrics;
import dev.tandem.orchestrator.repair.RepairOutcome;
import dev.tandem.orchestrator.repair.Repairs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The consistency checker's figures as this instance reads them, in Prometheus form:
 * {@code tandem_checker_settled_keys{severity}}, {@code tandem_checker_settled_keys_by_kind{kind}},
 * {@code tandem_checker_pending_keys}, {@code tandem_checker_lag_seconds{store}},
 * {@code tandem_checker_reporting} (1 while a fresh checker status exists, else 0; the other gauges
 * read 0 then), and {@code tandem_repairs_total{outcome}}, counted by {@link Repairs}.
 */
@ApplicationScoped
public class CheckerMetrics {
    public static final String SETTLED_KEYS = "tandem.checker.settled.keys";
    public static final String SETTLED_KEYS_BY_KIND = "tandem.checker.settled.keys.by.kind";
    public static final String PENDING_KEYS = "tandem.checker.pending.keys";
    public static final String LAG = "tandem.checker.lag";
    public static final String REPORTING = "tandem.checker.reporting";

    void register(@Observes StartupEvent start, MeterRegistry registry, CheckerFeed feed) {
        // As MigrationGauges: a registry can outlive an application start in tests; drop gauges bound to an old feed.
        for (String name : List.of(SETTLED_KEYS, SETTLED_KEYS_BY_KIND, PENDING_KEYS, LAG, REPORTING)) {
            registry.find(name).meters().forEach(registry::remove);
        }
        for (Severity severity : Severity.values()) {
            gauge(registry, feed, SETTLED_KEYS, "settled divergent token ids reported by the checker",
                    s -> s.settled().getOrDefault(severity, 0L), "severity", severity.wireName());
        }
        for (VerdictKind kind : VerdictKind.DIVERGENT) {
            gauge(registry, feed, SETTLED_KEYS_BY_KIND, "settled divergent token ids reported by the checker, by kind",
                    s -> s.byKind().getOrDefault(kind, 0L), "kind", kind.wireName());
        }
        gauge(registry, feed, PENDING_KEYS, "divergent token ids still inside the checker's grace window",
                CheckerSnapshot::pending);
        for (Side side : Side.values()) {
            Gauge.builder(LAG, feed, f -> f.snapshot().lagMs().getOrDefault(side, 0L) / 1000.0)
                    .description("how far the checker's change stream of a store is behind")
                    .baseUnit("seconds")
                    .tag("store", side.wireName())
                    .strongReference(true)
                    .register(registry);
        }
        gauge(registry, feed, REPORTING, "1 while a checker instance reports fresh status, else 0",
                s -> s.reporting() ? 1 : 0);
        for (RepairOutcome outcome : RepairOutcome.values()) {
            // Every outcome is present from the start, so that rate() and alerts see 0 rather than nothing.
            registry.counter(TandemMetrics.REPAIRS, "outcome", outcome.wireName());
        }
    }

    private static void gauge(MeterRegistry registry, CheckerFeed feed, String name, String description,
                              ToDoubleFunction<CheckerSnapshot> value, String... tags) {
        Gauge.builder(name, feed, f -> value.applyAsDouble(f.snapshot()))
                .description(description)
                .tags(tags)
                // Micrometer holds gauge targets weakly; the CDI proxy it got has no other holder.
                .strongReference(true)
                .register(registry);
    }
}
