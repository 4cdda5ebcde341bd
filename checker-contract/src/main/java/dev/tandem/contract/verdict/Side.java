package dev.tandem.contract.verdict;

/** The two stores the check compares, named as the change events and the status report name them. */
public enum Side {
    LEGACY("legacy"),
    ENGINE("engine");

    private final String wireName;

    Side(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public Side other() {
        return this == LEGACY ? ENGINE : LEGACY;
    }

    public static Side fromWireName(String value) {
        for (Side side : values()) {
            if (side.wireName.equals(value)) {
                return side;
            }
        }
        throw new IllegalArgumentException("store \"" + value + "\" is not legacy or engine");
    }
}
