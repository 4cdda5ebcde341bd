package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The registration API the seed's dashboard calls: {@code POST /client/v4/apps}, and Cloudflare's
 * {@code POST /client/v4/accounts/{account_id}/oauth_clients} as the same operation. Both need an
 * operator token (this package's filter) and take the body of {@code POST /admin/apps}.
 */
@Path("/client/v4")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {
    @Inject
    AppRegistration registration;
    @Inject
    AdminCaller caller;

    @POST
    @Path("/apps")
    public Uni<RestResponse<App>> registerApp(String body) {
        caller.identity();
        return registration.create(body).map(app -> RestResponse.status(RestResponse.Status.CREATED, app));
    }

    @POST
    @Path("/accounts/{accountId}/oauth_clients")
    public Uni<RestResponse<App>> registerOAuthClient(@PathParam("accountId") String accountId, String body) {
        return registerApp(body);
    }
}
