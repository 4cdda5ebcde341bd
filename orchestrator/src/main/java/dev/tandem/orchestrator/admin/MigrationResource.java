package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.ChangeResult;
import dev.tandem.admin.view.MigrationStatus;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The cutover's admin API: the migration state, phase steps, the read flag and ramp, the automatic
 * cutover's switch, and on-call's rollback. Bodies are JSON objects; every refusal is problem+json (see
 * {@link MigrationController} for which status means what). Authenticated by {@link AdminAuthFilter}.
 */
@Path("/admin/migration")
@Produces(MediaType.APPLICATION_JSON)
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
    public Uni<MigrationStatus> status() {
        caller.identity();
        return controller.status().map(AdminViews::status);
    }

    /** {@code {"to":…,"reason":…,"force":false,"dryRun":false,"expectedRevision":…}}; only {@code to} and {@code reason} are required. */
    @POST
    @Path("/phase")
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
    public Uni<ChangeResult> rollback(String body) {
        String actor = caller.identity().name();
        AdminRequest request = AdminRequest.parse(body, ROLLBACK_FIELDS);
        return controller.rollback(request.string("reason").orElse(null), request.bool("dryRun").orElse(false),
                        request.longInteger("expectedRevision").orElse(null), actor)
                .chain(result -> controller.status().map(after -> AdminViews.readsChange(result, after)));
    }
}
