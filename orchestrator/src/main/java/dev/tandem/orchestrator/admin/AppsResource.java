package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import dev.tandem.admin.view.Apps;
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
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The registered apps (OAuth clients): {@code GET /admin/apps}, {@code GET /admin/apps/ID};
 * operators: {@code POST /admin/apps} (RFC 7591 body; the answer holds the secret, once),
 * {@code POST /admin/apps/ID/rotate-secret {"revoke_old": false}}, {@code DELETE /admin/apps/ID} (answers the app it deleted).
 */
@Path("/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {
    @Inject
    AppRegistration registration;
    @Inject
    ClientRegistry registry;
    @Inject
    AdminCaller caller;

    @GET
    public Uni<Apps> list() {
        caller.identity();
        return registry.list().map(clients -> new Apps(clients.stream().map(client -> AppViews.app(client, null)).toList()));
    }

    @GET
    @Path("/{clientId}")
    public Uni<App> show(@PathParam("clientId") String clientId) {
        caller.identity();
        return registration.show(clientId);
    }

    @POST
    public Uni<RestResponse<App>> create(String body) {
        caller.identity();
        return registration.create(body).map(app -> RestResponse.status(RestResponse.Status.CREATED, app));
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    public Uni<App> rotateSecret(@PathParam("clientId") String clientId, String body) {
        caller.identity();
        return registration.rotateSecret(clientId, body);
    }

    @DELETE
    @Path("/{clientId}")
    public Uni<App> delete(@PathParam("clientId") String clientId) {
        caller.identity();
        return registration.delete(clientId);
    }
}
