package dev.tandem.orchestrator.autorepair;

import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.phase.MigrationPhase;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which settled divergences the automatic repair leaves alone, and why. Pure, so that the rules are
 * a table of unit cases.
 *
 * <ul>
 *   <li>No side holds a token usable now (every copy expired): nothing a reader could see differs,
 *       and copying expired tokens is what the backfill deliberately does not do.</li>
 *   <li>A token legacy holds from before Tandem (version 0) that the engine lacks, unless the
 *       backfill was done before the checker settled the divergence: copying old rows is the
 *       backfill's work, in bulk. The checker sees them all (its first start reads legacy whole)
 *       and settles each as missing in the engine before the backfill's copy reaches it; the copy
 *       (or the backfill's deliberate skip of an expiring row) follows, and with it the checker's
 *       tombstone. Repairing them one by one raced the backfill for nothing: at 100,000 rows it
 *       was tens of thousands of repairs that found the stores equal, while a real lost mirror
 *       write waited behind them.</li>
 * </ul>
 * Anything written through Tandem (a version above 0) is repaired: a lost mirror write is exactly
 * what repair is for.
 */
final class RepairScope {
    private RepairScope() {
    }

    /** Why the automatic repair leaves {@code divergence} alone, or empty when it repairs it. */
    static Optional<String> reasonToLeave(Divergence divergence, MigrationPhase phase, BackfillStatus backfill, Instant now) {
        boolean anyUsable = Stream.of(divergence.legacy(), divergence.engine())
                .anyMatch(record -> record != null && record.expiresAt().isAfter(now));
        if (!anyUsable) {
            return Optional.of("expired in every store that holds it");
        }
        TokenRecord legacy = divergence.legacy();
        if (divergence.kind() == VerdictKind.MISSING_IN_ENGINE && phase.primary() == MigrationPhase.Store.LEGACY
                && legacy != null && legacy.version() == 0 && !doneBefore(backfill, divergence.detectedAt())) {
            return Optional.of(backfill.lastId() != null && divergence.tokenId().compareTo(backfill.lastId()) <= 0
                    ? "an old legacy row the backfill has copied since the checker saw it missing"
                    : "an old legacy row the backfill has not reached yet");
        }
        return Optional.empty();
    }

    private static boolean doneBefore(BackfillStatus backfill, Instant detectedAt) {
        return backfill.state() == BackfillState.DONE && backfill.finishedAt() != null && backfill.finishedAt().isBefore(detectedAt);
    }
}
