package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A developer's client of one Tandem instance, through Nimbus: registers apps through the admin API,
 * runs the code flow with PKCE against the dev login (the 303 is read, not followed), redeems,
 * refreshes, introspects and revokes. Every token answer is checked for {@code Cache-Control: no-store}.
 */
final class OAuthDriver {
    static final String REDIRECT = "https://shop.example/cb";

    private final URI base;
    private final String adminToken;
    private final String issuer;

    OAuthDriver(URI base, String adminToken, String issuer) {
        this.base = base;
        this.adminToken = adminToken;
        this.issuer = issuer;
    }

    record App(ClientID id, Secret secret) {
        ClientAuthentication basic() {
            return new ClientSecretBasic(id, secret);
        }
    }

    URI endpoint(String path) {
        return base.resolve(path);
    }

    /** A request to this instance, unauthenticated. */
    RequestSpecification http() {
        return given().baseUri(base.getScheme() + "://" + base.getHost()).port(base.getPort());
    }

    RequestSpecification admin() {
        return http().header("Authorization", "Bearer " + adminToken).contentType(ContentType.JSON);
    }

    /** An app with scopes {@code orders.read orders.write} and {@link #REDIRECT}; {@code method} {@code none} is a public client. */
    App register(String method) {
        return register(method, REDIRECT);
    }

    App register(String method, String redirectUri) {
        JsonPath created = admin().body(Map.of("client_name", "flow-" + method, "redirect_uris", List.of(redirectUri),
                        "token_endpoint_auth_method", method, "scope", "orders.read orders.write"))
                .post("/admin/apps").then().statusCode(201).extract().jsonPath();
        String secret = created.getString("client_secret");
        return new App(new ClientID(created.getString("client_id")), secret == null ? null : new Secret(secret));
    }

    /** The authorization request for {@code orders.read}, answered by the dev login as alice. */
    AuthorizationResponse authorize(App app, CodeVerifier verifier, State state) throws ParseException {
        return backToClient(get(authorizationRequest(app, verifier, state).customParameter("login_hint", "alice").build().toURI()));
    }

    /** An authorization request for {@code orders.read} at {@link #REDIRECT}, with S256 PKCE when {@code verifier} is given. */
    AuthorizationRequest.Builder authorizationRequest(App app, CodeVerifier verifier, State state) {
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), app.id())
                .endpointURI(endpoint("/oauth2/auth")).redirectionURI(URI.create(REDIRECT))
                .scope(new Scope("orders.read")).state(state);
        if (verifier != null) {
            request.codeChallenge(verifier, CodeChallengeMethod.S256);
        }
        return request;
    }

    /** A GET of this instance, its redirect read rather than followed; the URI is sent as it is encoded. */
    Response get(URI uri) {
        return http().redirects().follow(false).urlEncodingEnabled(false).get(uri.toString());
    }

    /** The authorization endpoint's answer to the client: a 303 that no cache keeps, parsed by Nimbus. */
    static AuthorizationResponse backToClient(Response response) throws ParseException {
        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(303);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        return AuthorizationResponse.parse(URI.create(response.header("Location")));
    }

    AuthorizationCode code(App app, CodeVerifier verifier) throws ParseException {
        State state = new State();
        AuthorizationSuccessResponse success = authorize(app, verifier, state).toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer().getValue()).isEqualTo(issuer);
        return success.getAuthorizationCode();
    }

    /** A fresh code with its verifier, ready to redeem. */
    AuthorizationCodeGrant codeGrant(App app) throws ParseException {
        CodeVerifier verifier = new CodeVerifier();
        return new AuthorizationCodeGrant(code(app, verifier), URI.create(REDIRECT), verifier);
    }

    TokenResponse token(App app, AuthorizationGrant grant) throws IOException, ParseException {
        URI endpoint = endpoint("/oauth2/token");
        TokenRequest request = app.secret() == null ? new TokenRequest(endpoint, app.id(), grant)
                : new TokenRequest(endpoint, app.basic(), grant);
        HTTPResponse response = request.toHTTPRequest().send();
        assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeaderValue("Pragma")).isEqualTo("no-cache");
        return TokenResponse.parse(response);
    }

    Tokens tokens(App app, AuthorizationGrant grant) throws IOException, ParseException {
        TokenResponse response = token(app, grant);
        assertThat(response.indicatesSuccess()).as("%s", response instanceof TokenErrorResponse error
                ? error.getErrorObject().toJSONObject() : "").isTrue();
        return response.toSuccessResponse().getTokens();
    }

    static ErrorObject error(TokenResponse response) {
        assertThat(response.indicatesSuccess()).isFalse();
        return response.toErrorResponse().getErrorObject();
    }

    HTTPResponse introspect(App resourceServer, Token token) throws IOException {
        return new TokenIntrospectionRequest(endpoint("/oauth2/introspect"), resourceServer.basic(), token).toHTTPRequest().send();
    }

    boolean active(App resourceServer, Token token) throws IOException, ParseException {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(introspect(resourceServer, token));
        assertThat(response.indicatesSuccess()).as("introspection answered %s", response.indicatesSuccess() ? ""
                : response.toErrorResponse().getErrorObject().toJSONObject()).isTrue();
        return response.toSuccessResponse().isActive();
    }

    /** Revokes as the app: with its secret, or as a public client by its client_id (RFC 7009 §2.1). */
    HTTPResponse revoke(App app, Token token) throws IOException {
        URI endpoint = endpoint("/oauth2/revoke");
        TokenRevocationRequest request = app.secret() == null ? new TokenRevocationRequest(endpoint, app.id(), token)
                : new TokenRevocationRequest(endpoint, app.basic(), token);
        return request.toHTTPRequest().send();
    }
}
