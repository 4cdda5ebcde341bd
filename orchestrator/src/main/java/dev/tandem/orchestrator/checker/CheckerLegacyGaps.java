package dev.tandem.orchestrator.checker;

import dev.tandem.contract.verdict.VerdictKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/** The rollback's view of the checker: its latest settled counts of what legacy lacks or holds differently. */
@ApplicationScoped
public class CheckerLegacyGaps implements SettledLegacyGaps {
    @Inject
    CheckerFeed feed;

    @Override
    public Optional<Counts> current() {
        CheckerSnapshot snapshot = feed.snapshot();
        if (!snapshot.reporting()) {
            return Optional.empty();
        }
        return Optional.of(new Counts(snapshot.byKind().getOrDefault(VerdictKind.MISSING_IN_LEGACY, 0L),
                snapshot.byKind().getOrDefault(VerdictKind.FIELD_MISMATCH, 0L), snapshot.at()));
    }
}
