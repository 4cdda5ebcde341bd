package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import dev.tandem.orchestrator.OpenApiNames;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The registration API the seed's dashboard calls: {@code POST /client/v4/apps}, and Cloudflare's
 * {@code POST /client/v4/accounts/{account_id}/oauth_clients} as the same operation. Both need an
 * operator token (this package's filter) and take the body of {@code POST /admin/apps}.
 */
@Path("/client/v4")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.APPS)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class RegistrationResource {
    @Inject
    AppRegistration registration;
    @Inject
    AdminCaller caller;

    @POST
    @Path("/apps")
    @Operation(operationId = "registerApp", summary = "Register an app, as the dashboard does (operator)",
            description = "The same operation and body as POST /admin/apps.")
    @RequestBody(ref = OpenApiNames.APP_REGISTRATION)
    @APIResponse(responseCode = "201", ref = OpenApiNames.APP_CREATED)
    public Uni<RestResponse<App>> registerApp(String body) {
        caller.identity();
        return registration.create(body).map(app -> RestResponse.status(RestResponse.Status.CREATED, app));
    }

    @POST
    @Path("/accounts/{accountId}/oauth_clients")
    @Operation(operationId = "registerOAuthClient", summary = "Register an app, at Cloudflare's path (operator)",
            description = "The same operation and body as POST /admin/apps; the account id is not used.")
    @RequestBody(ref = OpenApiNames.APP_REGISTRATION)
    @APIResponse(responseCode = "201", ref = OpenApiNames.APP_CREATED)
    public Uni<RestResponse<App>> registerOAuthClient(@PathParam("accountId") String accountId, String body) {
        return registerApp(body);
    }
}
