package dev.tandem.orchestrator.repair;

/**
 * The outcome of repairing one token id.
 *
 * @param tokenId the id (a hash, never a secret)
 * @param outcome what happened
 * @param detail  what was done or why not, for logs and the admin API; no secret, no blob
 */
public record RepairResult(String tokenId, RepairOutcome outcome, String detail) {
}
