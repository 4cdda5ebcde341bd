package dev.tandem.orchestrator.admin;

import java.util.Locale;

/** What an admin token may do: see {@link Access} for which role may make which request. */
public enum AdminRole {
    /** Reads the migration state and the audit. */
    VIEWER,
    /** A service calling the token store API ({@code /v1}); nothing of the admin API. */
    SERVICE,
    /** Everything: changes the phase, the read flag and the ramp, rolls back, and may call the store API too. */
    OPERATOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AdminRole parse(String value) {
        for (AdminRole role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a role (valid: viewer, service, operator)");
    }
}
