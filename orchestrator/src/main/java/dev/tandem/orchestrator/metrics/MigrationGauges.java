package dev.tandem.orchestrator.metrics;

import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The control state as gauges: {@code tandem_migration_phase{phase}} and {@code tandem_read_flag{flag}},
 * 1 for the current value and 0 for every other. One series per value (rather than one series
 * whose value is an ordinal) lets a dashboard show the name, and an alert compare instances:
 * {@code count(count by (phase) (tandem_migration_phase == 1)) > 1} means they disagree.
 */
@ApplicationScoped
public class MigrationGauges {

    void register(@Observes StartupEvent start, MeterRegistry registry, ControlPlane control) {
        // A registry can outlive an application start (Quarkus tests restart the application in one
        // JVM), and Micrometer keeps the first gauge of a name and tags: drop one bound to an old control plane.
        registry.find(TandemMetrics.MIGRATION_PHASE).meters().forEach(registry::remove);
        registry.find(TandemMetrics.READ_FLAG).meters().forEach(registry::remove);
        for (MigrationPhase phase : MigrationPhase.values()) {
            Gauge.builder(TandemMetrics.MIGRATION_PHASE, control, c -> c.current().phase() == phase ? 1 : 0)
                    .description("1 for the migration phase this instance applies, 0 for the others")
                    .tag("phase", phase.name())
                    // Micrometer holds gauge targets weakly; the CDI proxy it got has no other holder.
                    .strongReference(true)
                    .register(registry);
        }
        for (ReadFlag flag : ReadFlag.values()) {
            Gauge.builder(TandemMetrics.READ_FLAG, control, c -> c.current().readFlag() == flag ? 1 : 0)
                    .description("1 for the read flag this instance applies, 0 for the others")
                    .tag("flag", flag.wireName())
                    .strongReference(true)
                    .register(registry);
        }
    }
}
