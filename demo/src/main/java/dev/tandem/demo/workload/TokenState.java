package dev.tandem.demo.workload;

/**
 * What the workload knows about a token's revocation. A read that overlaps a revocation of the same
 * token may see either side of it, so only the settled states make a read's answer checkable.
 */
public enum TokenState {
    /** Written, never revoked: a read must find it usable. */
    ACTIVE,
    /** A revocation is in flight: a read may find it either way. */
    REVOKING,
    /** Revoked and acknowledged: a read must find it revoked. */
    REVOKED,
    /** A revocation failed without an answer: it may or may not have happened. */
    UNKNOWN
}
