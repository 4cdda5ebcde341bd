package dev.tandem.contract.verdict;

/** How the two stores compare for one token id. */
public enum VerdictKind {
    /** Both hold equal canonical records, or neither holds the token. */
    MATCH("match"),
    MISSING_IN_ENGINE("missing_in_engine"),
    MISSING_IN_LEGACY("missing_in_legacy"),
    /** Both hold the token and differ on the named fields. */
    FIELD_MISMATCH("field_mismatch");

    /** The kinds a divergence can have, in report order. */
    public static final VerdictKind[] DIVERGENT = {MISSING_IN_ENGINE, MISSING_IN_LEGACY, FIELD_MISMATCH};

    private final String wireName;

    VerdictKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static VerdictKind fromWireName(String value) {
        for (VerdictKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a verdict kind (valid: match, missing_in_engine,"
                + " missing_in_legacy, field_mismatch)");
    }
}
