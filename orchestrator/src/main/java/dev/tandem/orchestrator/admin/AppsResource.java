package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import dev.tandem.admin.view.Apps;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.apps.ClientRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The registered apps (OAuth clients): {@code GET /admin/apps}, {@code GET /admin/apps/ID};
 * operators: {@code POST /admin/apps} (RFC 7591 body; the answer holds the secret, once),
 * {@code POST /admin/apps/ID/rotate-secret {"revoke_old": false}}, {@code DELETE /admin/apps/ID} (answers the app it deleted).
 */
@Path("/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.APPS)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class AppsResource {
    @Inject
    AppRegistration registration;
    @Inject
    ClientRegistry registry;
    @Inject
    AdminCaller caller;

    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "listApps", summary = "List the registered apps",
            description = "Without secrets.")
    public Uni<Apps> list() {
        caller.identity();
        return registry.list().map(clients -> new Apps(clients.stream().map(client -> AppViews.app(client, null)).toList()));
    }

    @GET
    @Path("/{clientId}")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "showApp", summary = "Show one app")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No app with this client_id")
    public Uni<App> show(@PathParam("clientId") String clientId) {
        caller.identity();
        return registration.show(clientId);
    }

    @POST
    @Operation(operationId = "createApp", summary = "Register an app (operator)",
            description = "Answers 201 with client_id and, once, client_secret (none for public clients).")
    @RequestBody(ref = OpenApiNames.APP_REGISTRATION)
    @APIResponse(responseCode = "201", ref = OpenApiNames.APP_CREATED)
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "An app with this client_id exists")
    @APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "The registry could not be written")
    public Uni<RestResponse<App>> create(String body) {
        caller.identity();
        return registration.create(body).map(app -> RestResponse.status(RestResponse.Status.CREATED, app));
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "rotateAppSecret", summary = "Rotate an app's secret (operator)",
            description = "The new secret is shown this once; the old one keeps working unless revoke_old is true.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"revoke_old\": false}; the body may be empty")))
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No app with this client_id")
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "A public client has no secret")
    public Uni<App> rotateSecret(@PathParam("clientId") String clientId, String body) {
        caller.identity();
        return registration.rotateSecret(clientId, body);
    }

    @DELETE
    @Path("/{clientId}")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "deleteApp", summary = "Delete an app (operator)",
            description = "Answers the app as it was deleted.")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No app with this client_id")
    public Uni<App> delete(@PathParam("clientId") String clientId) {
        caller.identity();
        return registration.delete(clientId);
    }
}
