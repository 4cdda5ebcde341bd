package dev.tandem.orchestrator.admin;

import jakarta.enterprise.context.RequestScoped;

/** Who sent the current admin request, as {@link AdminAuthFilter} established it. */
@RequestScoped
public class AdminCaller {
    private AdminIdentity identity;

    void authenticated(AdminIdentity identity) {
        this.identity = identity;
    }

    /** The caller; a request that reached an admin resource without one is a bug, refused as 401. */
    public AdminIdentity identity() {
        if (identity == null) {
            throw new AdminAuthFilter.Unauthenticated();
        }
        return identity;
    }
}
