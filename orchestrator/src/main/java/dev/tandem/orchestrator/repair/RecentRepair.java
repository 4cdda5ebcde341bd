package dev.tandem.orchestrator.repair;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;

import java.time.Instant;

/**
 * One repair as {@code GET /admin/repair} lists it.
 *
 * @param tokenId    the id (a hash, never a secret)
 * @param kind       the divergence repaired, or null for an on-request repair of an id the feed did not hold
 * @param severity   as {@code kind}
 * @param detectedAt when the checker settled the divergence, or null as {@code kind}
 * @param repairedAt when the repair finished
 * @param outcome    what the repair did
 * @param detail     what was done or why not, without secrets
 * @param trigger    {@code auto} or {@code request}
 */
public record RecentRepair(String tokenId, VerdictKind kind, Severity severity, Instant detectedAt, Instant repairedAt,
                           RepairOutcome outcome, String detail, String trigger) {
}
