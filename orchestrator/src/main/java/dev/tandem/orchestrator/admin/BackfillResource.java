package dev.tandem.orchestrator.admin;

import dev.tandem.backfill.BackfillException;
import dev.tandem.backfill.BackfillStatus;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.backfill.BackfillJob;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
 * The backfill: {@code GET} its status, {@code POST {"action":"start|pause|resume|rate",
 * "rowsPerSecond":…,"restart":false,"reason":…}} to steer it. The job's state lives in the engine
 * database, so every instance answers alike.
 */
@Path("/admin/backfill")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.BACKFILL)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class BackfillResource {
    private static final Logger LOG = Logger.getLogger(BackfillResource.class);
    static final List<String> FIELDS = List.of("action", "rowsPerSecond", "restart", "reason");
    static final List<String> ACTIONS = List.of("start", "pause", "resume", "rate");
    static final String NEEDS_MIRROR = "the backfill copies what legacy held before the dual write began; start it"
            + " in DUAL_WRITE or later, with the mirror on (the phase is %s)";

    @Inject
    BackfillJob job;
    @Inject
    ControlPlane control;
    @Inject
    AdminCaller caller;

    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "backfillStatus", summary = "The backfill's status",
            description = "Kept in the engine database: every instance answers alike.")
    public BackfillStatus status() {
        caller.identity();
        return job.status();
    }

    @POST
    @APIResponse(responseCode = "200")
    @Operation(operationId = "changeBackfill", summary = "Start, pause, resume or rate-limit the backfill (operator)")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"action\": start|pause|resume|rate, \"rowsPerSecond\", \"restart\", \"reason\" (required)}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "Refused in this phase, or by the job's state")
    public BackfillStatus change(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, FIELDS);
        String action = request.string("action").orElseThrow(() -> AdminRequest.problem("action",
                "action is required (valid: " + String.join(", ", ACTIONS) + ")"));
        if (!ACTIONS.contains(action)) {
            throw AdminRequest.problem("action", "action \"" + action + "\" is not known (valid: "
                    + String.join(", ", ACTIONS) + ")");
        }
        String reason = request.string("reason").filter(text -> !text.isBlank()).orElseThrow(() ->
                AdminRequest.problem("reason", "reason is required: say why, in a few words (kept in the log)"));
        Integer rate = request.integer("rowsPerSecond").orElse(null);
        if (rate != null && rate < 0) {
            throw AdminRequest.problem("rowsPerSecond", "rowsPerSecond is " + rate + " (valid: 0 for no limit, or more)");
        }
        if (action.equals("rate") && rate == null) {
            throw AdminRequest.problem("rowsPerSecond", "action rate needs rowsPerSecond (0 for no limit)");
        }
        boolean restart = request.bool("restart").orElse(false);
        MigrationPhase phase = control.current().phase();
        if ((action.equals("start") || action.equals("resume")) && phase.mirror() != MigrationPhase.Store.ENGINE) {
            throw new ApiProblem(409, "Change refused", NEEDS_MIRROR.formatted(phase.name()));
        }
        LOG.infof("backfill %s by %s: %s", action, actor, reason);
        try {
            return switch (action) {
                case "start" -> job.start(rate, restart);
                case "pause" -> job.pause();
                case "resume" -> {
                    BackfillStatus resumed = job.resume();
                    yield rate == null ? resumed : job.setRowsPerSecond(rate);
                }
                default -> job.setRowsPerSecond(rate);
            };
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        } catch (BackfillException e) {
            throw e.reason() == BackfillException.Reason.CONFLICT
                    ? new ApiProblem(409, "Change refused", e.getMessage())
                    : ApiProblem.unavailable(e.getMessage());
        }
    }
}
