package dev.tandem.verification;

/** How the two stores disagree about one id. The wire name is what reports and the database use. */
public enum DifferenceKind {
    /** Legacy holds the token, the engine does not. */
    MISSING_IN_ENGINE("missing_in_engine"),
    /** The engine holds the token, legacy does not. */
    MISSING_IN_LEGACY("missing_in_legacy"),
    /** Both hold it, and the canonical records differ on the listed fields. */
    FIELD_MISMATCH("field_mismatch"),
    /** Legacy holds a row for the id that maps to no canonical record (the detail says why). */
    UNREADABLE_IN_LEGACY("unreadable_in_legacy"),
    /** The engine holds a row for the id that maps to no canonical record. */
    UNREADABLE_IN_ENGINE("unreadable_in_engine");

    private final String wireName;

    DifferenceKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DifferenceKind fromWireName(String value) {
        for (DifferenceKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a difference kind");
    }
}
