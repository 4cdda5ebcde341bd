package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.VerificationReport;
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
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Full verification: {@code POST {"reason":…}} starts a run in the current phase (202 with its
 * status), {@code GET} reports the latest run with whether it is still fresh, {@code GET /report}
 * lists every difference of a run ({@code ?runId=}, the latest by default).
 */
@Path("/admin/verification")
@Produces(MediaType.APPLICATION_JSON)
public class VerificationResource {
    private static final Logger LOG = Logger.getLogger(VerificationResource.class);
    static final List<String> FIELDS = List.of("reason");
    static final String NONE = "no verification has run yet: POST /admin/verification starts one";

    @Inject
    VerificationJob job;
    @Inject
    AdminCaller caller;

    @GET
    public dev.tandem.admin.view.VerificationStatus latest() {
        caller.identity();
        return view(guarded(() -> job.latest()).orElseThrow(() -> ApiProblem.notFound(NONE)));
    }

    @POST
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
