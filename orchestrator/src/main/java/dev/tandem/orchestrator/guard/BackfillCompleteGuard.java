package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every legacy row has been copied to the engine by the backfill: without it, reads from the engine miss old tokens.
 *
 * <p>Its signal comes with the backfill issue; until then the verdict is UNKNOWN, which blocks an unforced step.
 */
@ApplicationScoped
public class BackfillCompleteGuard implements Guard {
    public static final String NAME = "backfill-complete";
    public static final String NO_SIGNAL = "backfill progress unknown: no backfill has reported yet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(GuardVerdict.unknown(NAME, NO_SIGNAL));
    }
}
