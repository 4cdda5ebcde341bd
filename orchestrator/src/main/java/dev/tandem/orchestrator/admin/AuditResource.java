package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.Audit;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Every accepted change of the control state, oldest first: who, when, why, from, to, forced, guards. */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    public static final String LIMIT_INVALID = "limit: expected a whole number from 1 to %d";
    static final int MAX_LIMIT = 100_000;

    @Inject
    MigrationController controller;
    @Inject
    AdminCaller caller;

    /** {@code ?limit=N} keeps the newest N entries. */
    @GET
    public Audit audit(@QueryParam("limit") String limit) {
        caller.identity();
        return AdminViews.audit(controller.audit(parseLimit(limit)));
    }

    private static Integer parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return null;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AdminRequest.problem("limit", LIMIT_INVALID.formatted(MAX_LIMIT));
    }
}
