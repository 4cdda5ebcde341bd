package dev.tandem.orchestrator.phase;

import java.util.Locale;

/**
 * On-call's override of where reads go. {@code auto} follows the phase; {@code legacy} and
 * {@code engine} win over the phase at once, in any phase before {@link MigrationPhase#ENGINE_ONLY}.
 */
public enum ReadFlag {
    LEGACY, ENGINE, AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReadFlag parse(String value) {
        for (ReadFlag flag : values()) {
            if (flag.wireName().equals(value)) {
                return flag;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a read flag (valid: legacy, engine, auto)");
    }
}
