package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.orchestrator.OpenApiNames;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import java.util.List;

/**
 * The cutover's admin API: the migration state, phase steps, the read flag and ramp, the automatic
 * cutover's switch, and on-call's rollback. Bodies are JSON objects; every refusal is problem+json (see
 * {@link MigrationController} for which status means what). Authenticated by {@link AdminAuthFilter}.
 */
@Path("/admin/migration")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.MIGRATION)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class MigrationResource {
    static final List<String> PHASE_FIELDS = List.of("to", "reason", "force", "dryRun", "expectedRevision");
    static final List<String> READS_FIELDS = List.of("flag", "rampPercent", "reason", "dryRun", "expectedRevision");
    static final List<String> ROLLBACK_FIELDS = List.of("reason", "dryRun", "expectedRevision");
    static final List<String> AUTO_CUTOVER_FIELDS = List.of("enabled", "reason", "dryRun", "expectedRevision");

    @Inject
    MigrationController controller;
    @Inject
    AdminCaller caller;

    /** The phase, the reads, the guards of the next forward step, mirror failures and this instance. */
    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "migrationStatus", summary = "The migration's state",
            description = "The phase, the reads, the guards of the next forward step, mirror failures and this instance.")
    public Uni<MigrationStatus> status() {
        caller.identity();
        return controller.status().map(AdminViews::status);
    }

    /** {@code {"to":…,"reason":…,"force":false,"dryRun":false,"expectedRevision":…}}; only {@code to} and {@code reason} are required. */
    @POST
    @Path("/phase")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "changePhase", summary = "Step to another phase (operator)",
            description = "Forward steps need their guards to pass unless force is true; dryRun reports without changing.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"to\", \"reason\" (required), \"force\", \"dryRun\", \"expectedRevision\"}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "Refused: a guard, a cancelled step, or expectedRevision no longer current")
    @APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "The control log is unreachable")
    public Uni<ChangeResult> changePhase(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, PHASE_FIELDS);
        return controller.changePhase(request.string("to").orElse(null), request.string("reason").orElse(null),
                        request.bool("force").orElse(false), request.bool("dryRun").orElse(false),
                        request.longInteger("expectedRevision").orElse(null), actor)
                .chain(result -> controller.status().map(after -> AdminViews.phaseChange(result, after)));
    }

    /** {@code {"flag":"legacy|engine|auto","rampPercent":…,"reason":…,"dryRun":false}}; the ramp is kept when absent. */
    @PUT
    @Path("/reads")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "changeReads", summary = "Set the read flag and ramp (operator)",
            description = "flag legacy, engine or auto; rampPercent is kept when absent.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"flag\", \"rampPercent\", \"reason\", \"dryRun\", \"expectedRevision\"}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "Refused: a guard, a cancelled step, or expectedRevision no longer current")
    @APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "The control log is unreachable")
    public Uni<ChangeResult> changeReads(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, READS_FIELDS);
        return controller.changeReads(request.string("flag").orElse(null), request.integer("rampPercent").orElse(null),
                        request.string("reason").orElse(null), request.bool("dryRun").orElse(false),
                        request.longInteger("expectedRevision").orElse(null), actor)
                .chain(result -> controller.status().map(after -> AdminViews.readsChange(result, after)));
    }

    /**
     * {@code {"enabled":true|false,"reason":…,"dryRun":false,"expectedRevision":…}}: switches the
     * automatic cutover on or off on every instance; {@code enabled} and {@code reason} are required.
     */
    @PUT
    @Path("/auto-cutover")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "changeAutoCutover", summary = "Switch the automatic cutover on or off (operator)",
            description = "On every instance.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"enabled\", \"reason\" (both required), \"dryRun\", \"expectedRevision\"}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "Refused: a guard, a cancelled step, or expectedRevision no longer current")
    @APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "The control log is unreachable")
    public Uni<ChangeResult> changeAutoCutover(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, AUTO_CUTOVER_FIELDS);
        return controller.changeAutoCutover(request.bool("enabled").orElse(null), request.string("reason").orElse(null),
                        request.bool("dryRun").orElse(false), request.longInteger("expectedRevision").orElse(null), actor)
                .chain(result -> controller.status().map(after -> AdminViews.autoCutoverChange(result, after)));
    }

    /** {@code {"reason":…,"dryRun":false}}: the read flag to legacy, at once, on every instance. */
    @POST
    @Path("/rollback")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "rollback", summary = "Roll reads back to legacy now (operator)",
            description = "The read flag to legacy, at once, on every instance.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"reason\", \"dryRun\", \"expectedRevision\"}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "Refused: a guard, a cancelled step, or expectedRevision no longer current")
    @APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "The control log is unreachable")
    public Uni<ChangeResult> rollback(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, ROLLBACK_FIELDS);
        return controller.rollback(request.string("reason").orElse(null), request.bool("dryRun").orElse(false),
                        request.longInteger("expectedRevision").orElse(null), actor)
                .chain(result -> controller.status().map(after -> AdminViews.readsChange(result, after)));
    }
}
