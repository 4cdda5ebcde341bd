package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.VerificationReport;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.verification.VerificationJob;
import dev.tandem.verification.VerificationBusyException;
import dev.tandem.verification.VerificationException;
import dev.tandem.verification.VerificationStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Full verification: {@code POST {"reason":…}} starts a run in the current phase (202 with its
 * status), {@code GET} reports the latest run with whether it is still fresh, {@code GET /report}
 * lists every difference of a run ({@code ?runId=}, the latest by default).
 */
@Path("/admin/verification")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.CONSISTENCY)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class VerificationResource {
    private static final Logger LOG = Logger.getLogger(VerificationResource.class);
    static final List<String> FIELDS = List.of("reason");
    static final String NONE = "no verification has run yet: POST /admin/verification starts one";

    @Inject
    VerificationJob job;
    @Inject
    AdminCaller caller;

    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "verificationStatus", summary = "The latest verification run",
            description = "With whether it is still fresh.")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No verification has run yet")
    public dev.tandem.admin.view.VerificationStatus latest() {
        caller.identity();
        return view(guarded(() -> job.latest()).orElseThrow(() -> ApiProblem.notFound(NONE)));
    }

    @POST
    @Operation(operationId = "startVerification", summary = "Start a full verification (operator)",
            description = "Compares every row of both stores in the current phase; answers 202 with the run's status.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"reason\": required}")))
    @APIResponse(responseCode = "202", description = "Started: the run's status", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = dev.tandem.admin.view.VerificationStatus.class)))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "A verification is running")
    public Response start(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, FIELDS);
        String reason = request.string("reason").filter(text -> !text.isBlank()).orElseThrow(() ->
                AdminRequest.problem("reason", "reason is required: say why, in a few words (kept in the log)"));
        long runId;
        try {
            runId = job.start();
        } catch (VerificationBusyException e) {
            throw new ApiProblem(409, "Verification running", e.getMessage());
        } catch (VerificationException e) {
            throw ApiProblem.unavailable(e.getMessage());
        }
        LOG.infof("verification run %d started by %s: %s", runId, actor, reason);
        VerificationStatus status = guarded(() -> job.run(runId)).orElseThrow(() -> ApiProblem.notFound(NONE));
        return Response.accepted(view(status)).build();
    }

    @GET
    @Path("/report")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "verificationReport", summary = "Every difference of a run",
            description = "?runId=, the latest by default.")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No such run")
    public VerificationReport report(@QueryParam("runId") String runId) {
        caller.identity();
        long id;
        if (runId == null) {
            id = guarded(() -> job.latest()).orElseThrow(() -> ApiProblem.notFound(NONE)).runId();
        } else {
            try {
                id = Long.parseLong(runId);
            } catch (NumberFormatException e) {
                throw AdminRequest.problem("runId", "runId \"" + runId.substring(0, Math.min(runId.length(), 40))
                        + "\" is not a run id (valid: a whole number, as GET /admin/verification shows)");
            }
            if (guarded(() -> job.run(id)).isEmpty()) {
                throw ApiProblem.notFound("no verification run has id " + id);
            }
        }
        return guarded(() -> JobViews.report(job.report(id)));
    }

    private dev.tandem.admin.view.VerificationStatus view(VerificationStatus status) {
        return JobViews.verification(status, job.isFresh(status), job.config().maxAge());
    }

    private static <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (VerificationException e) {
            throw ApiProblem.unavailable(e.getMessage());
        }
    }
}
