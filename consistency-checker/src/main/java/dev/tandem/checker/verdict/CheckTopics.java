package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Side;
/** The topics of the check: two inputs, co-partitioned by token id, and three outputs. */
public record CheckTopics(String legacyChanges, String engineChanges, String deadLetter, String divergence, String status) {

    /** The side whose change topic {@code topic} is; fails for any other topic. */
    public Side sideOf(String topic) {
        if (legacyChanges.equals(topic)) {
            return Side.LEGACY;
        }
        if (engineChanges.equals(topic)) {
            return Side.ENGINE;
        }
        throw new IllegalArgumentException("topic " + topic + " is not a change topic (" + legacyChanges + ", " + engineChanges + ")");
    }

    public String changes(Side side) {
        return side == Side.LEGACY ? legacyChanges : engineChanges;
    }
}
