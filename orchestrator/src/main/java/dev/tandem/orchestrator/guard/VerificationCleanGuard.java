package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last full verification of both stores found no difference.
 *
 * <p>Its signal comes with the verification issue; until then the verdict is UNKNOWN, which blocks an unforced step.
 */
@ApplicationScoped
public class VerificationCleanGuard implements Guard {
    public static final String NAME = "verification-clean";
    public static final String NO_SIGNAL = "verification unknown: no full verification has run yet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(GuardVerdict.unknown(NAME, NO_SIGNAL));
    }
}
