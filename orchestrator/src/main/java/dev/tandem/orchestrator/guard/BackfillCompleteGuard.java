package dev.tandem.orchestrator.guard;

import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.orchestrator.backfill.BackfillJob;
import dev.tandem.orchestrator.phase.MigrationPhase;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Locale;

/**
 * Every legacy row has been copied to the engine by the backfill: without it, reads from the
 * engine miss old tokens. Rows the backfill skipped because they expire soon count against a step
 * that moves reads to the engine until the last of them has expired.
 */
@ApplicationScoped
public class BackfillCompleteGuard implements Guard {
    public static final String NAME = "backfill-complete";
    public static final String NEVER_STARTED = "no backfill has run: start it in DUAL_WRITE (./tandem backfill start)";

    @Inject
    BackfillJob backfill;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GuardVerdict> evaluate(MigrationPhase from, MigrationPhase to) {
        return Uni.createFrom().item(() -> verdict(backfill.status(), to))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static GuardVerdict verdict(BackfillStatus status, MigrationPhase to) {
        if (status.state() == null) {
            return GuardVerdict.failed(NAME, NEVER_STARTED);
        }
        if (status.state() == BackfillState.FAILED) {
            return GuardVerdict.failed(NAME, "backfill failed after " + count(status.rowsScanned()) + " rows: "
                    + status.error() + " (./tandem backfill resume)");
        }
        if (status.state() != BackfillState.DONE) {
            long total = Math.max(1, status.estimatedTotalRows());
            return GuardVerdict.failed(NAME, "backfill " + status.state().name().toLowerCase(Locale.ROOT) + ": "
                    + count(status.rowsScanned()) + " of about " + count(total) + " rows scanned ("
                    + Math.min(100, status.rowsScanned() * 100 / total) + "%)"
                    + (status.etaSeconds() == null ? "" : ", about " + status.etaSeconds() + "s to go"));
        }
        if (status.liveOnlyInLegacy() > 0 && to.defaultReads() == MigrationPhase.Store.ENGINE) {
            return GuardVerdict.failed(NAME, count(status.liveOnlyInLegacy()) + " live tokens exist only in legacy"
                    + " (skipped as expiring soon) until " + status.lastLegacyOnlyExpiry()
                    + "; reads may move to the engine after that");
        }
        return GuardVerdict.ok(NAME, "backfill done: " + count(status.rowsCopied()) + " rows copied, "
                + count(status.rowsSkippedExpired() + status.rowsSkippedExpiring()) + " skipped as expired or expiring"
                + (status.liveOnlyInLegacy() > 0 ? ", " + count(status.liveOnlyInLegacy())
                + " live only in legacy until " + status.lastLegacyOnlyExpiry() : ""));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
