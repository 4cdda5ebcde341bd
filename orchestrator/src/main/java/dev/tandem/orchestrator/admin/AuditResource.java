package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.Audit;
import dev.tandem.orchestrator.OpenApiNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every accepted change of the control state, oldest first: who, when, why, from, to, forced, guards. */
@Path("/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.MIGRATION)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class AuditResource {
    public static final String LIMIT_INVALID = "limit: expected a whole number from 1 to %d";
    static final int MAX_LIMIT = 100_000;

    @Inject
    MigrationController controller;
    @Inject
    AdminCaller caller;

    /** {@code ?limit=N} keeps the newest N entries. */
    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "audit", summary = "The audit of control-state changes",
            description = "Oldest first: who, when, why, from, to, forced, guards; ?limit=N keeps the newest N.")
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
