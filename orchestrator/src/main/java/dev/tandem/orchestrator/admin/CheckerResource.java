package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.Divergences;
import dev.tandem.contract.verdict.Divergence;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.checker.CheckerSnapshot;
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

import java.util.List;

/**
 * What the consistency checker reports, for triage: {@code GET /admin/checker} (lag per store,
 * events per second, pending and settled counts, partitions covered) and {@code GET /admin/divergence}
 * (the settled divergent ids with both stores' canonical records). Viewers may read both.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.CONSISTENCY)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class CheckerResource {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final String SEVERITY_INVALID = "severity: \"%s\" is not a severity (valid: critical, major, minor)";
    public static final String LIMIT_INVALID = "limit: \"%s\" is not a whole number from 1 to " + MAX_LIMIT;

    @Inject
    CheckerFeed feed;
    @Inject
    AdminCaller caller;

    @GET
    @Path("/checker")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "checkerStatus", summary = "The consistency checker's status",
            description = "Lag per store, events per second, pending and settled counts, partitions covered.")
    public CheckerStatus checker() {
        caller.identity();
        return CheckerViews.checker(feed.snapshot());
    }

    /** {@code ?severity=critical|major|minor&limit=1..1000}: most severe first, then oldest first. */
    @GET
    @Path("/divergence")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "divergences", summary = "Settled divergences",
            description = "Both stores' canonical records per id, most severe first; ?severity=critical|major|minor&limit=1..1000.")
    public Divergences divergence(@QueryParam("severity") String severity, @QueryParam("limit") String limit) {
        caller.identity();
        Severity wanted = parseSeverity(severity);
        int max = parseLimit(limit);
        CheckerSnapshot snapshot = feed.snapshot();
        List<Divergence> items = feed.divergences(wanted, max);
        return CheckerViews.divergence(snapshot, wanted, items);
    }

    private static Severity parseSeverity(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (Severity severity : Severity.values()) {
            if (severity.wireName().equals(value)) {
                return severity;
            }
        }
        throw AdminRequest.problem("severity", SEVERITY_INVALID.formatted(printable(value)));
    }

    private static int parseLimit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (value.matches("[0-9]{1,9}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw AdminRequest.problem("limit", LIMIT_INVALID.formatted(printable(value)));
    }

    /** A query value is echoed only when short and printable, so nothing pasted by mistake comes back whole. */
    static String printable(String value) {
        return value.length() <= 40 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"')
                ? value : "(a value of " + value.length() + " characters)";
    }
}
