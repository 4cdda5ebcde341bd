package dev.tandem.orchestrator.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The apps dashboard, {@code /apps}: static files in {@code META-INF/resources/apps/} that call the admin
 * API from the browser with the operator token the user enters; the server holds no state of its own for
 * it. Its Content-Security-Policy is set in application.properties, beside the other HTTP settings.
 *
 * <p>A packaged Quarkus application serves a directory's index page only at the slash-terminated path
 * (quarkusio/quarkus#35076: {@code /apps} would be a 404, {@code /apps/} the page), so the bare path is
 * redirected here, as the Vert.x static handler does in dev mode. A redirect rather than the page itself:
 * the page's relative links then resolve under {@code /apps/}. No JAX-RS resource lives under
 * {@code /apps}, so this route shadows none.
 */
@ApplicationScoped
public class DashboardRoutes {
    /** Where the dashboard answers; its files are served at {@link #PAGE}{@code /}. */
    public static final String PAGE = "/apps";

    void register(@Observes Router router) {
        router.route(PAGE).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(DashboardRoutes::toIndex);
    }

    private static void toIndex(RoutingContext context) {
        // Vert.x matches /apps/ to this route too: that one is the static handler's to answer.
        if (!PAGE.equals(context.normalizedPath())) {
            context.next();
            return;
        }
        String query = context.request().query();
        context.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, PAGE + "/" + (query == null ? "" : "?" + query))
                .end();
    }
}
