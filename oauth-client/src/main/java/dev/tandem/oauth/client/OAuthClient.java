package dev.tandem.oauth.client;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A developer's client of one Tandem instance's OAuth endpoints, through Nimbus: discovery (RFC 8414),
 * the code flow with PKCE S256 against the dev login ({@code login_hint} is the subject; the redirect is
 * read, not followed), the code's redemption, refresh, introspection (RFC 7662) and revocation (RFC 7009).
 * Each call answers an {@link OAuthAnswer}; only a request that got no answer throws.
 */
public final class OAuthClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A token request of a confidential client costs a slow secret hash; ten seconds is a server in trouble. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    private final URI base;
    private final Issuer issuer;
    private final URI authorization;
    private final URI token;
    private final URI revocation;
    private final URI introspection;

    /**
     * @param base      the instance to talk to
     * @param metadata  the server's metadata; its endpoints' paths are taken at {@code base}, so that a
     *                  client of several instances of one issuer can spread over them
     */
    public OAuthClient(URI base, AuthorizationServerMetadata metadata) {
        this.base = base;
        this.issuer = metadata.getIssuer();
        this.authorization = at(base, metadata.getAuthorizationEndpointURI(), "authorization_endpoint");
        this.token = at(base, metadata.getTokenEndpointURI(), "token_endpoint");
        this.revocation = at(base, metadata.getRevocationEndpointURI(), "revocation_endpoint");
        this.introspection = at(base, metadata.getIntrospectionEndpointURI(), "introspection_endpoint");
    }

    /** Reads the metadata of the instance at {@code base} and answers a client of it. */
    public static OAuthClient discover(URI base) throws IOException {
        HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(base + METADATA_PATH)));
        if (response.getStatusCode() != 200) {
            throw new IOException("GET " + base + METADATA_PATH + " answered HTTP " + response.getStatusCode()
                    + ": is it a Tandem orchestrator with the OAuth endpoints?");
        }
        try {
            return new OAuthClient(base, AuthorizationServerMetadata.parse(response.getBody()));
        } catch (ParseException | IllegalArgumentException e) {
            throw new IOException("GET " + base + METADATA_PATH + " answered no authorization server metadata: " + e.getMessage());
        }
    }

    /** A client of each instance, all with the metadata of the first (one issuer). */
    public static List<OAuthClient> discover(List<URI> bases) throws IOException {
        OAuthClient first = discover(bases.get(0));
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(first.issuer);
        metadata.setAuthorizationEndpointURI(first.authorization);
        metadata.setTokenEndpointURI(first.token);
        metadata.setRevocationEndpointURI(first.revocation);
        metadata.setIntrospectionEndpointURI(first.introspection);
        return bases.stream().map(base -> base.equals(first.base) ? first : new OAuthClient(base, metadata)).toList();
    }

    public URI base() {
        return base;
    }

    public Issuer issuer() {
        return issuer;
    }

    /**
     * The authorization request of the code flow with PKCE S256 for {@code subject} (the dev login's
     * {@code login_hint}); answers the code once the redirect's {@code state} and {@code iss} are checked.
     * A null {@code scope} asks for the app's registered scopes.
     */
    public OAuthAnswer<AuthorizationCode> authorize(OAuthApp app, String subject, Scope scope, CodeVerifier verifier)
            throws IOException {
        State state = new State();
        AuthorizationRequest request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), app.id())
                .endpointURI(authorization).redirectionURI(URI.create(app.redirectUri())).scope(scope).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256).customParameter("login_hint", subject).build();
        HTTPRequest http = request.toHTTPRequest();
        http.setFollowRedirects(false);
        HTTPResponse response = send(http);
        int status = response.getStatusCode();
        String location = response.getHeaderValue("Location");
        if (status / 100 != 3 || location == null) {
            ErrorObject error = error(response);
            return OAuthAnswer.failure(status, error.getCode(), error.getDescription());
        }
        AuthorizationResponse answer;
        try {
            answer = AuthorizationResponse.parse(URI.create(location));
        } catch (ParseException | IllegalArgumentException e) {
            return OAuthAnswer.failure(status, OAuthAnswer.MALFORMED, "the redirect is no authorization response: " + e.getMessage());
        }
        if (!state.equals(answer.getState())) {
            return OAuthAnswer.failure(status, OAuthAnswer.STATE_MISMATCH, "the redirect's state is not the request's");
        }
        if (!answer.indicatesSuccess()) {
            ErrorObject error = answer.toErrorResponse().getErrorObject();
            return OAuthAnswer.failure(status, error.getCode(), error.getDescription());
        }
        AuthorizationSuccessResponse success = answer.toSuccessResponse();
        if (!issuer.equals(success.getIssuer())) {
            return OAuthAnswer.failure(status, OAuthAnswer.ISSUER_MISMATCH, "the redirect's iss is " + success.getIssuer()
                    + ", the server's issuer is " + issuer);
        }
        if (success.getAuthorizationCode() == null) {
            return OAuthAnswer.failure(status, OAuthAnswer.MALFORMED, "the redirect carries no code");
        }
        return OAuthAnswer.success(status, success.getAuthorizationCode());
    }

    /** The code's redemption at the token endpoint, with the verifier and the redirect URI of the request. */
    public OAuthAnswer<Tokens> redeem(OAuthApp app, AuthorizationCode code, CodeVerifier verifier) throws IOException {
        return tokens(app, new AuthorizationCodeGrant(code, URI.create(app.redirectUri()), verifier));
    }

    /** A refresh: the server rotates the refresh token, so the answer carries the next one. */
    public OAuthAnswer<Tokens> refresh(OAuthApp app, RefreshToken refreshToken) throws IOException {
        return tokens(app, new RefreshTokenGrant(refreshToken));
    }

    /** Introspection by {@code app} (Basic credentials, or its client_id alone for a public app). */
    public OAuthAnswer<TokenIntrospectionSuccessResponse> introspect(OAuthApp app, Token token) throws IOException {
        TokenIntrospectionRequest request = app.isPublic()
                ? new TokenIntrospectionRequest(introspection, token, Map.of("client_id", List.of(app.clientId())))
                : new TokenIntrospectionRequest(introspection, app.authentication(), token);
        HTTPResponse response = send(request.toHTTPRequest());
        try {
            TokenIntrospectionResponse answer = TokenIntrospectionResponse.parse(response);
            if (!answer.indicatesSuccess()) {
                ErrorObject error = answer.toErrorResponse().getErrorObject();
                return OAuthAnswer.failure(response.getStatusCode(), error.getCode(), error.getDescription());
            }
            return OAuthAnswer.success(response.getStatusCode(), answer.toSuccessResponse());
        } catch (ParseException e) {
            return OAuthAnswer.failure(response.getStatusCode(), OAuthAnswer.MALFORMED, "no introspection response: " + e.getMessage());
        }
    }

    /** Revocation (RFC 7009): 200 whether or not the server knew the token. */
    public OAuthAnswer<Boolean> revoke(OAuthApp app, Token token) throws IOException {
        TokenRevocationRequest request = app.isPublic() ? new TokenRevocationRequest(revocation, app.id(), token)
                : new TokenRevocationRequest(revocation, app.authentication(), token);
        HTTPResponse response = send(request.toHTTPRequest());
        if (response.getStatusCode() == 200) {
            return OAuthAnswer.success(200, Boolean.TRUE);
        }
        ErrorObject error = error(response);
        return OAuthAnswer.failure(response.getStatusCode(), error.getCode(), error.getDescription());
    }

    private OAuthAnswer<Tokens> tokens(OAuthApp app, AuthorizationGrant grant) throws IOException {
        TokenRequest request = app.isPublic() ? new TokenRequest(token, app.id(), grant)
                : new TokenRequest(token, app.authentication(), grant);
        HTTPResponse response = send(request.toHTTPRequest());
        TokenResponse answer;
        try {
            answer = TokenResponse.parse(response);
        } catch (ParseException e) {
            return OAuthAnswer.failure(response.getStatusCode(), OAuthAnswer.MALFORMED, "no token response: " + e.getMessage());
        }
        if (!answer.indicatesSuccess()) {
            ErrorObject error = answer.toErrorResponse().getErrorObject();
            return OAuthAnswer.failure(response.getStatusCode(), error.getCode(), error.getDescription());
        }
        // RFC 6749 §5.1: tokens must never sit in a cache on the way.
        if (!"no-store".equals(response.getHeaderValue("Cache-Control"))) {
            return OAuthAnswer.failure(response.getStatusCode(), OAuthAnswer.MALFORMED, "a token response without Cache-Control: no-store");
        }
        return OAuthAnswer.success(response.getStatusCode(), answer.toSuccessResponse().getTokens());
    }

    /** The RFC 6749 error of a non-2xx answer; an answer without one (e.g. a proxy's page) is malformed. */
    private static ErrorObject error(HTTPResponse response) {
        ErrorObject error = ErrorObject.parse(response);
        return error.getCode() == null
                ? new ErrorObject(OAuthAnswer.MALFORMED, "no OAuth error in the answer", response.getStatusCode()) : error;
    }

    private static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        request.setReadTimeout((int) READ_TIMEOUT.toMillis());
        return request.send();
    }

    private static URI at(URI base, URI endpoint, String name) {
        if (endpoint == null) {
            throw new IllegalArgumentException("the server metadata has no " + name);
        }
        return URI.create(base + endpoint.getRawPath());
    }
}
