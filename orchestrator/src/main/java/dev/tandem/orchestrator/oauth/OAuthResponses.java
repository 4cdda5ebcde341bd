package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenStoreException;
import dev.tandem.orchestrator.control.WritesFencedException;
import dev.tandem.orchestrator.write.ReplayQueueUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of the OAuth endpoints: JSON with {@code Cache-Control: no-store} (RFC 6749 §5.1; every
 * answer may carry a token), and errors as RFC 6749 §5.2 {@code {"error","error_description"}}, never the
 * problem+json of the admin and storage APIs, which OAuth clients do not read.
 */
final class OAuthResponses {
    private static final Logger LOG = Logger.getLogger(OAuthResponses.class);

    private OAuthResponses() {
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    static Response empty() {
        return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    static Response error(OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.description());
        Response.ResponseBuilder response = Response.fromResponse(json(error.status(), body));
        if (error.basicChallenge()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tandem\"");
        }
        return response.build();
    }

    static Response error(Throwable failure) {
        return error(asOAuthError(failure));
    }

    /**
     * Any failure as the OAuth error a client can act on. A store that cannot answer now is
     * {@code temporarily_unavailable}; anything else is {@code server_error}, logged by its type and
     * message only: the request's parameters, which hold codes, verifiers and secrets, are never logged.
     */
    static OAuthError asOAuthError(Throwable failure) {
        if (failure instanceof OAuthError oauth) {
            return oauth;
        }
        if (failure instanceof TokenStoreException || failure instanceof ReplayQueueUnavailableException
                || failure instanceof WritesFencedException) {
            LOG.warnf("OAuth request not completed: %s: %s", failure.getClass().getSimpleName(), failure.getMessage());
            return OAuthError.temporarilyUnavailable("the token store could not complete the request; retry shortly");
        }
        LOG.errorf("OAuth request failed unexpectedly: %s: %s", failure.getClass().getName(), failure.getMessage());
        return OAuthError.serverError("the request could not be completed");
    }
}
