package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A step toward legacy loses or hides nothing: legacy holds every acknowledged write
 * ({@link RollbackReadiness}). Always OK while legacy is the primary; in {@code WRITE_ENGINE} it
 * fails while writes the engine acknowledged are not yet mirrored to legacy or the checker reports
 * legacy missing something. A forced step over it is audited with its numbers.
 */
@ApplicationScoped
public class RollbackReadinessGuard implements Guard {
    public static final String NAME = "rollback-readiness";

    @Inject
    RollbackReadinessProbe probe;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(() -> {
            RollbackReadiness readiness = probe.current();
            return readiness.lossless() ? GuardVerdict.ok(NAME, readiness.detail())
                    : GuardVerdict.failed(NAME, readiness.detail());
        });
    }
}
