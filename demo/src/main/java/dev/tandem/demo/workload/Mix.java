package dev.tandem.demo.workload;

/**
 * Which step comes next: fixed weights out of 100, adjusted to what the ledger holds (no refresh,
 * introspection, revocation or replay before a grant exists). A new grant is two requests (authorize,
 * redeem), a replay three (the replay, then both of the grant's newest tokens introspected).
 */
public final class Mix {
    static final int NEW_GRANT = 20;
    static final int REFRESH = 27;
    static final int INTROSPECT = 38;
    static final int REVOKE = 8;
    /** The rest of the 100: replays. */
    static final int REPLAY = 100 - NEW_GRANT - REFRESH - INTROSPECT - REVOKE;

    /** A step of the workload: a new grant, or something done to one the ledger holds. */
    public enum Step {
        NEW_GRANT, REFRESH, INTROSPECT, REVOKE, REPLAY
    }

    private Mix() {
    }

    /**
     * @param roll      a uniform number from 0 to 99
     * @param hasGrants whether a live grant is free to use
     */
    public static Step pick(int roll, boolean hasGrants) {
        if (roll < 0 || roll > 99) {
            throw new IllegalArgumentException("roll " + roll + ": expected 0 to 99");
        }
        int limit = NEW_GRANT;
        if (roll < limit || !hasGrants) {
            return Step.NEW_GRANT;
        }
        if (roll < (limit += REFRESH)) {
            return Step.REFRESH;
        }
        if (roll < (limit += INTROSPECT)) {
            return Step.INTROSPECT;
        }
        if (roll < limit + REVOKE) {
            return Step.REVOKE;
        }
        return Step.REPLAY;
    }
}
