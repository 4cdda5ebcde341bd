package dev.tandem.demo.workload;

/**
 * Which operation comes next: fixed weights out of 100, adjusted to what the ledger holds (no read
 * before a token exists, no rotation before a family exists).
 */
public final class Mix {
    static final int ISSUE_ACCESS = 22;
    static final int ISSUE_CODE = 8;
    static final int ISSUE_REFRESH = 8;
    static final int READ = 40;
    static final int ROTATE = 17;

    private Mix() {
    }

    /**
     * @param roll        a uniform number from 0 to 99
     * @param canRead     whether a recent token exists to read
     * @param hasFamilies whether a family is free to rotate or revoke
     */
    public static Operation pick(int roll, boolean canRead, boolean hasFamilies) {
        if (roll < 0 || roll > 99) {
            throw new IllegalArgumentException("roll " + roll + ": expected 0 to 99");
        }
        int limit = ISSUE_ACCESS;
        if (roll < limit) {
            return Operation.ISSUE_ACCESS;
        }
        if (roll < (limit += ISSUE_CODE)) {
            return Operation.ISSUE_CODE;
        }
        if (roll < (limit += ISSUE_REFRESH)) {
            return Operation.ISSUE_REFRESH;
        }
        if (roll < (limit += READ)) {
            return canRead ? Operation.READ : Operation.ISSUE_ACCESS;
        }
        if (roll < limit + ROTATE) {
            return hasFamilies ? Operation.ROTATE_REFRESH : Operation.ISSUE_REFRESH;
        }
        return hasFamilies ? Operation.REVOKE_FAMILY : Operation.ISSUE_REFRESH;
    }
}
