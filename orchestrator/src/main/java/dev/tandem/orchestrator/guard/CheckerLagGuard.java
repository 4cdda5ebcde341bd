package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consistency checker is close enough behind the stores that its divergence figure is current.
 *
 * <p>Its signal comes with the consistency checker issue; until then the verdict is UNKNOWN, which blocks an unforced step.
 */
@ApplicationScoped
public class CheckerLagGuard implements Guard {
    public static final String NAME = "checker-lag";
    public static final String NO_SIGNAL = "checker lag unknown: no consistency checker reports yet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(GuardVerdict.unknown(NAME, NO_SIGNAL));
    }
}
