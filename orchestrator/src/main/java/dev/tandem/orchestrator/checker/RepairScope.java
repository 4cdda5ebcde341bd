package dev.tandem.orchestrator.checker;

import dev.tandem.backfill.BackfillState;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.checker.verdict.Divergence;
import dev.tandem.checker.verdict.VerdictKind;
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
 *   <li>A token legacy holds from before Tandem (version 0) that the engine lacks, while the
 *       backfill has not reached its id: copying old rows is the backfill's work, in bulk; the
 *       checker sees them all (its first start reads legacy whole), and repairing them one by one
 *       would race the backfill for nothing.</li>
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
                && legacy != null && legacy.version() == 0 && !backfillPassed(backfill, divergence.tokenId())) {
            return Optional.of("an old legacy row the backfill has not reached yet");
        }
        return Optional.empty();
    }

    private static boolean backfillPassed(BackfillStatus backfill, String id) {
        return backfill.state() == BackfillState.DONE || (backfill.lastId() != null && id.compareTo(backfill.lastId()) <= 0);
    }
}
