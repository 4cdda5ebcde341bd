package dev.tandem.orchestrator.guard;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.verification.VerificationJob;
import dev.tandem.verification.VerificationState;
import dev.tandem.verification.VerificationStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The last full verification found both stores equal, ran in the current phase, and is recent:
 * each phase moves traffic, so what was equal before a step says little after it.
 */
@ApplicationScoped
public class VerificationCleanGuard implements Guard {
    public static final String NAME = "verification-clean";
    public static final String NEVER_RAN = "no verification has run: ./tandem verify";

    @Inject
    VerificationJob verification;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(() -> verdict(verification.latest(), from, verification.config().maxAge(), Instant.now()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static GuardVerdict verdict(Optional<VerificationStatus> latest, MigrationPhase phase, Duration maxAge, Instant now) {
        if (latest.isEmpty()) {
            return GuardVerdict.failed(NAME, NEVER_RAN);
        }
        VerificationStatus run = latest.get();
        String name = "verification run " + run.runId();
        if (run.state() == VerificationState.RUNNING) {
            return GuardVerdict.failed(NAME, name + " is running: " + run.chunksDone() + " of " + run.chunksTotal() + " chunks");
        }
        if (run.state() == VerificationState.FAILED) {
            return GuardVerdict.failed(NAME, name + " failed: " + run.error() + " (./tandem verify)");
        }
        if (run.differences() > 0) {
            return GuardVerdict.failed(NAME, name + " found " + count(run.differences()) + " differences in "
                    + count(run.rowsCompared()) + " rows (./tandem verify -o json lists them)");
        }
        if (!run.phase().equals(phase.name())) {
            return GuardVerdict.failed(NAME, name + " is stale: it ran in " + run.phase() + ", the phase is "
                    + phase.name() + " (./tandem verify)");
        }
        Duration age = Duration.between(run.finishedAt(), now);
        if (!run.isFresh(maxAge, phase.name(), now)) {
            return GuardVerdict.failed(NAME, name + " is stale: it finished " + seconds(age) + " ago, the limit is "
                    + seconds(maxAge) + " (./tandem verify)");
        }
        return GuardVerdict.ok(NAME, name + " clean: " + count(run.rowsCompared()) + " rows equal, finished "
                + seconds(age) + " ago in " + run.phase());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String seconds(Duration duration) {
        return Math.max(0, duration.toSeconds()) + "s";
    }
}
