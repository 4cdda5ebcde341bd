package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /admin/backfill}, and the answer to its actions.
 *
 * @param state                  NOT_STARTED, RUNNING, PAUSED, DONE or FAILED; null when never started
 * @param estimatedTotalRows     the server's estimate (InnoDB statistics), which a live table outgrows
 * @param effectiveRowsPerSecond the limit in force now; 0 for none
 * @param throttledBecause       why the checker's lag holds the rate below its setting; null when it does not
 * @param etaSeconds             null when unknown
 * @param liveOnlyInLegacy       live tokens skipped as expiring that the engine did not hold
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackfillStatus(String state, long rowsScanned, long rowsCopied, long rowsSkippedExpired,
                             long rowsSkippedExpiring, long rowsSkippedNewerInEngine, long estimatedTotalRows,
                             double rowsPerSecond, long effectiveRowsPerSecond, String throttledBecause,
                             Long etaSeconds, String lastId, long liveOnlyInLegacy, String lastLegacyOnlyExpiry,
                             String owner, String leaseUntil, Settings settings, String startedAt, String updatedAt,
                             String finishedAt, String error) {

    /** @param rowsPerSecond the rate limit set; 0 for none */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Settings(Integer chunkSize, Long rowsPerSecond, Long expiryHorizonSeconds, Long lagThresholdMs,
                           Integer leaseSeconds) {
    }
}
