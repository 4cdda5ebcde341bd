package dev.tandem.orchestrator.admin;

import java.util.Locale;

/** What an admin token may do. */
public enum AdminRole {
    /** Reads the migration state and the audit. */
    VIEWER,
    /** Also changes the phase, the read flag and the ramp, and rolls back. */
    OPERATOR;

    public boolean allows(AdminRole required) {
        return ordinal() >= required.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AdminRole parse(String value) {
        for (AdminRole role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a role (valid: viewer, operator)");
    }
}
