package dev.tandem.orchestrator.admin;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a request asks to do, and which roles may. Not a ladder of roles: a service's token writes token
 * records but cannot read or change the migration, so a leaked service credential cannot roll it back.
 */
enum Access {
    READ_ADMIN(EnumSet.of(AdminRole.VIEWER, AdminRole.OPERATOR)),
    CHANGE_ADMIN(EnumSet.of(AdminRole.OPERATOR)),
    USE_STORE(EnumSet.of(AdminRole.SERVICE, AdminRole.OPERATOR));

    private final Set<AdminRole> roles;

    Access(Set<AdminRole> roles) {
        this.roles = roles;
    }

    boolean allowedTo(AdminRole role) {
        return roles.contains(role);
    }

    /** The least role that may, for the problem's {@code requiredRole}. */
    AdminRole leastRole() {
        return roles.iterator().next();
    }

    /** "viewer or operator", for the problem's detail. */
    String roleNames() {
        return roles.stream().map(AdminRole::wireName).collect(Collectors.joining(" or "));
    }
}
