package dev.tandem.orchestrator.admin;

import dev.tandem.orchestrator.api.ProblemMapper;
import dev.tandem.orchestrator.api.TokenResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication for every resource of this package and of the token store API's package
 * ({@code /v1}): admin reads need {@code viewer}, admin changes {@code operator}, the store API
 * {@code service} (or {@code operator}), see {@link Access}. It runs after matching and decides by the
 * resource's package, so no spelling of a path can reach a guarded resource around it. The OAuth
 * endpoints are not guarded here: they authenticate clients themselves. Refusals are problem+json; no
 * token, nor any part of one, is logged or echoed.
 */
public class AdminAuthFilter {
    static final String CHALLENGE = "Bearer realm=\"tandem-admin\"";
    public static final String TOKEN_MISSING = "an admin token is required: send Authorization: Bearer <token>";
    public static final String TOKEN_UNKNOWN = "the admin token is not known";
    public static final String ROLE_TOO_LOW = "token \"%s\" has role %s; %s %s needs role %s";

    /** A request reached an admin resource unauthenticated. */
    static final class Unauthenticated extends RuntimeException {
        Unauthenticated() {
            super(TOKEN_MISSING, null, false, false);
        }
    }

    @Inject
    AdminTokens tokens;
    @Inject
    AdminCaller caller;

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        Optional<Access> access = access(resource, request.getMethod());
        if (access.isEmpty()) {
            return null;
        }
        Optional<String> token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return unauthorized(TOKEN_MISSING, CHALLENGE);
        }
        Optional<AdminIdentity> identity = tokens.authenticate(token.get());
        if (identity.isEmpty()) {
            return unauthorized(TOKEN_UNKNOWN, CHALLENGE + ", error=\"invalid_token\"");
        }
        Access required = access.get();
        if (!required.allowedTo(identity.get().role())) {
            return ProblemMapper.problem(403, "Forbidden", ROLE_TOO_LOW.formatted(identity.get().name(),
                    identity.get().role().wireName(), request.getMethod(), request.getUriInfo().getPath(),
                    required.roleNames()), Map.of("requiredRole", required.leastRole().wireName()));
        }
        caller.authenticated(identity.get());
        return null;
    }

    @ServerExceptionMapper
    public Response unauthenticated(Unauthenticated e) {
        return unauthorized(TOKEN_MISSING, CHALLENGE);
    }

    /** What a request to this resource asks to do; empty for a resource this filter does not guard. */
    private static Optional<Access> access(SimpleResourceInfo resource, String method) {
        if (resource == null || resource.getResourceClass() == null) {
            return Optional.empty();
        }
        String resourcePackage = resource.getResourceClass().getPackageName();
        if (resourcePackage.equals(TokenResource.class.getPackageName())) {
            return Optional.of(Access.USE_STORE);
        }
        if (!resourcePackage.equals(AdminAuthFilter.class.getPackageName())) {
            return Optional.empty();
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        return Optional.of(read ? Access.READ_ADMIN : Access.CHANGE_ADMIN);
    }

    private static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static Response unauthorized(String detail, String challenge) {
        Response problem = ProblemMapper.problem(401, "Unauthorized", detail, Map.of());
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
