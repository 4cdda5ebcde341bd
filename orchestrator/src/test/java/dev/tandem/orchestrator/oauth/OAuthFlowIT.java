package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static dev.tandem.orchestrator.admin.AdminApi.as;
import static dev.tandem.orchestrator.admin.AdminApi.body;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth endpoints driven by a real client library (Nimbus), on the real servers: apps registered
 * through the admin API, the code flow with PKCE, refresh with rotation, and the attacks the security
 * rules name (code replay, refresh reuse, redirect mismatch, missing PKCE, a wrong secret). Access tokens
 * here are opaque: no key-encryption key is configured, so the phases stay where legacy is primary.
 */
@QuarkusTest
@TestProfile(OAuthFlowIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class OAuthFlowIT {
    private static final String REDIRECT = "https://shop.example/cb";
    private static final String ISSUER = "http://127.0.0.1:8080";

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    @TestHTTPResource("/oauth2/auth")
    URI authorizationEndpoint;
    @TestHTTPResource("/oauth2/token")
    URI tokenEndpoint;
    @TestHTTPResource("/oauth2/revoke")
    URI revocationEndpoint;
    @TestHTTPResource("/oauth2/introspect")
    URI introspectionEndpoint;

    @BeforeEach
    void startFromLegacyOnly() {
        AdminApi.resetToLegacyOnly();
    }

    private record App(ClientID id, Secret secret) {
        ClientAuthentication basic() {
            return new ClientSecretBasic(id, secret);
        }
    }

    private static App register(String method) {
        JsonPath created = as(OPERATOR).body(body("client_name", "flow-" + method, "redirect_uris", List.of(REDIRECT),
                        "token_endpoint_auth_method", method, "scope", "orders.read orders.write"))
                .post("/admin/apps").then().statusCode(201).extract().jsonPath();
        String secret = created.getString("client_secret");
        return new App(new ClientID(created.getString("client_id")), secret == null ? null : new Secret(secret));
    }

    /** The authorization request, answered by the dev login; the 303 is read, not followed. */
    private AuthorizationResponse authorize(App app, CodeVerifier verifier, State state) throws ParseException {
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), app.id())
                .endpointURI(authorizationEndpoint).redirectionURI(URI.create(REDIRECT))
                .scope(new Scope("orders.read")).state(state).customParameter("login_hint", "alice");
        if (verifier != null) {
            request.codeChallenge(verifier, CodeChallengeMethod.S256);
        }
        Response response = given().redirects().follow(false).urlEncodingEnabled(false).get(request.build().toURI().toString());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        return AuthorizationResponse.parse(URI.create(response.header("Location")));
    }

    private AuthorizationCode code(App app, CodeVerifier verifier) throws ParseException {
        State state = new State();
        AuthorizationSuccessResponse success = authorize(app, verifier, state).toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer().getValue()).isEqualTo(ISSUER);
        return success.getAuthorizationCode();
    }

    private TokenResponse token(App app, AuthorizationGrant grant) throws IOException, ParseException {
        TokenRequest request = app.secret() == null ? new TokenRequest(tokenEndpoint, app.id(), grant)
                : new TokenRequest(tokenEndpoint, app.basic(), grant);
        HTTPResponse response = request.toHTTPRequest().send();
        assertThat(response.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeaderValue("Pragma")).isEqualTo("no-cache");
        return TokenResponse.parse(response);
    }

    private Tokens tokens(App app, AuthorizationGrant grant) throws IOException, ParseException {
        TokenResponse response = token(app, grant);
        assertThat(response.indicatesSuccess()).as("%s", response instanceof TokenErrorResponse error
                ? error.getErrorObject().toJSONObject() : "").isTrue();
        return response.toSuccessResponse().getTokens();
    }

    private static ErrorObject error(TokenResponse response) {
        assertThat(response.indicatesSuccess()).isFalse();
        return response.toErrorResponse().getErrorObject();
    }

    private HTTPResponse introspect(App resourceServer, Token token) throws IOException {
        return new TokenIntrospectionRequest(introspectionEndpoint, resourceServer.basic(), token).toHTTPRequest().send();
    }

    private boolean active(App resourceServer, Token token) throws IOException, ParseException {
        return TokenIntrospectionResponse.parse(introspect(resourceServer, token)).toSuccessResponse().isActive();
    }

    @Test
    void aPublicClientCompletesTheCodeFlowWithPkceAndRefreshesWithRotation() throws Exception {
        App spa = register("none");
        App api = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens first = tokens(spa, new AuthorizationCodeGrant(code(spa, verifier), URI.create(REDIRECT), verifier));
        assertThat(first.getAccessToken().getValue()).startsWith(OpaqueTokens.ACCESS_TOKEN_PREFIX);
        assertThat(first.getAccessToken().getScope()).isEqualTo(new Scope("orders.read"));
        assertThat(first.getAccessToken().getLifetime()).isEqualTo(3600);

        TokenIntrospectionSuccessResponse introspected = TokenIntrospectionResponse.parse(introspect(api, first.getAccessToken()))
                .toSuccessResponse();
        assertThat(introspected.isActive()).isTrue();
        assertThat(introspected.getClientID()).isEqualTo(spa.id());
        assertThat(introspected.getSubject().getValue()).isEqualTo("alice");
        assertThat(introspected.getScope()).isEqualTo(new Scope("orders.read"));

        Tokens second = tokens(spa, new RefreshTokenGrant(first.getRefreshToken()));
        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        assertThat(active(api, second.getAccessToken())).isTrue();
        assertThat(active(api, first.getRefreshToken())).as("rotated: consumed").isFalse();
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamilyInBothStores() throws Exception {
        AdminApi.forceTo("DUAL_WRITE");
        App shop = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens first = tokens(shop, new AuthorizationCodeGrant(code(shop, verifier), URI.create(REDIRECT), verifier));
        Tokens second = tokens(shop, new RefreshTokenGrant(first.getRefreshToken()));

        assertThat(error(token(shop, new RefreshTokenGrant(first.getRefreshToken()))).getCode()).isEqualTo("invalid_grant");
        assertThat(error(token(shop, new RefreshTokenGrant(second.getRefreshToken()))).getCode())
                .as("the successor dies with its family").isEqualTo("invalid_grant");
        assertThat(active(shop, second.getAccessToken())).isFalse();
        for (RefreshToken refresh : List.of(first.getRefreshToken(), second.getRefreshToken())) {
            String id = TokenId.hashOf(refresh.getValue());
            assertThat(StoreRows.legacy(id)).as("legacy row").hasValueSatisfying(row -> assertThat(row.active()).isFalse());
            assertThat(StoreRows.engine(id)).as("engine row").hasValueSatisfying(row -> assertThat(row.active()).isFalse());
        }
        assertThat(StoreRows.engine(TokenId.hashOf(second.getAccessToken().getValue())))
                .hasValueSatisfying(row -> assertThat(row.active()).isFalse());
    }

    @Test
    void aReplayedCodeIsRefusedAndRevokesTheTokensItsFirstRedemptionGot() throws Exception {
        App shop = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code(shop, verifier), URI.create(REDIRECT), verifier);
        Tokens issued = tokens(shop, grant);
        assertThat(active(shop, issued.getAccessToken())).isTrue();

        assertThat(error(token(shop, grant)).getCode()).isEqualTo("invalid_grant");
        assertThat(active(shop, issued.getAccessToken())).isFalse();
        assertThat(active(shop, issued.getRefreshToken())).isFalse();
    }

    @Test
    void theTokenRequestMustRepeatTheRedirectUriExactly() throws Exception {
        App shop = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        ErrorObject refused = error(token(shop, new AuthorizationCodeGrant(code(shop, verifier), URI.create(REDIRECT + "/"), verifier)));
        assertThat(refused.getCode()).isEqualTo("invalid_grant");
        assertThat(refused.getDescription()).contains("redirect_uri");
    }

    @Test
    void aPublicClientWithoutPkceGetsAnErrorRedirect() throws Exception {
        App spa = register("none");
        State state = new State();
        AuthorizationErrorResponse refused = authorize(spa, null, state).toErrorResponse();
        assertThat(refused.getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(refused.getErrorObject().getDescription()).contains("code_challenge");
        assertThat(refused.getState()).isEqualTo(state);
        assertThat(refused.getIssuer().getValue()).isEqualTo(ISSUER);
        assertThat(refused.getRedirectionURI()).isEqualTo(URI.create(REDIRECT));
    }

    @Test
    void anUnknownClientOrRedirectUriIsA400WithoutARedirect() {
        App shop = register("client_secret_basic");
        for (String query : List.of("client_id=nobody&redirect_uri=" + REDIRECT + "&response_type=code",
                "client_id=" + shop.id() + "&redirect_uri=" + REDIRECT + "/&response_type=code",
                "client_id=" + shop.id() + "&response_type=code")) {
            given().redirects().follow(false).urlEncodingEnabled(false).get("/oauth2/auth?" + query).then()
                    .statusCode(400).header("Location", (String) null).contentType("application/json")
                    .body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
        }
    }

    @Test
    void aWrongSecretIs401InvalidClientWithABasicChallenge() throws Exception {
        App shop = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code(shop, verifier), URI.create(REDIRECT), verifier);
        HTTPResponse response = new TokenRequest(tokenEndpoint, new ClientSecretBasic(shop.id(), new Secret("wrong")), grant)
                .toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaderValue("WWW-Authenticate")).isEqualTo("Basic realm=\"tandem\"");
        assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(response.getBody()).doesNotContain("wrong");
    }

    @Test
    void aRevokedTokenIntrospectsAsExactlyActiveFalse() throws Exception {
        App shop = register("client_secret_basic");
        App other = register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens issued = tokens(shop, new AuthorizationCodeGrant(code(shop, verifier), URI.create(REDIRECT), verifier));

        HTTPResponse foreign = new TokenRevocationRequest(revocationEndpoint, other.basic(), issued.getAccessToken()).toHTTPRequest().send();
        assertThat(foreign.getStatusCode()).as("another client's token: 200, left alone").isEqualTo(200);
        assertThat(active(shop, issued.getAccessToken())).isTrue();

        HTTPResponse revoked = new TokenRevocationRequest(revocationEndpoint, shop.basic(), issued.getAccessToken()).toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(revoked.getBody()).isNullOrEmpty();
        HTTPResponse introspected = introspect(shop, issued.getAccessToken());
        assertThat(introspected.getBodyAsJSONObject()).isEqualTo(Map.of("active", false));

        HTTPResponse unknown = new TokenRevocationRequest(revocationEndpoint, shop.basic(), new RefreshToken("ory_rt_nothing"))
                .toHTTPRequest().send();
        assertThat(unknown.getStatusCode()).isEqualTo(200);
        assertThat(introspect(shop, new RefreshToken("garbage")).getBodyAsJSONObject()).isEqualTo(Map.of("active", false));
    }

    @Test
    void malformedTokenRequestsAreRfc6749ErrorsNever5xx() {
        App shop = register("client_secret_basic");
        given().contentType("application/json").body("{}").post("/oauth2/token").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
        given().contentType("application/x-www-form-urlencoded").body("grant_type=%zz").post("/oauth2/token").then()
                .statusCode(400).body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
        given().auth().preemptive().basic(shop.id().getValue(), shop.secret().getValue())
                .contentType("application/x-www-form-urlencoded").body("grant_type=password").post("/oauth2/token").then()
                .statusCode(400).body("error", org.hamcrest.Matchers.equalTo("unsupported_grant_type"));
        given().contentType("application/x-www-form-urlencoded").body("grant_type=refresh_token").post("/oauth2/token").then()
                .statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
        given().contentType("application/x-www-form-urlencoded").body("token=x").post("/oauth2/introspect").then()
                .statusCode(401).body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
    }

    @Test
    void theDiscoveryDocumentNamesTheEndpointsAndWhatIsSupported() throws Exception {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(
                    given().get(path).then().statusCode(200).extract().asString());
            assertThat(metadata.getIssuer().getValue()).isEqualTo(ISSUER);
            assertThat(metadata.getAuthorizationEndpointURI()).isEqualTo(URI.create(ISSUER + "/oauth2/auth"));
            assertThat(metadata.getTokenEndpointURI()).isEqualTo(URI.create(ISSUER + "/oauth2/token"));
            assertThat(metadata.getRevocationEndpointURI()).isEqualTo(URI.create(ISSUER + "/oauth2/revoke"));
            assertThat(metadata.getIntrospectionEndpointURI()).isEqualTo(URI.create(ISSUER + "/oauth2/introspect"));
            assertThat(metadata.getJWKSetURI()).isEqualTo(URI.create(ISSUER + "/.well-known/jwks.json"));
            assertThat(metadata.getResponseTypes()).containsExactly(new ResponseType(ResponseType.Value.CODE));
            assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
            assertThat(metadata.getTokenEndpointAuthMethods()).extracting(Object::toString)
                    .containsExactly("client_secret_basic", "client_secret_post", "none");
            assertThat(metadata.getGrantTypes()).extracting(Object::toString).containsExactly("authorization_code", "refresh_token");
            assertThat(metadata.getScopes()).isNotNull();
        }
        JsonPath jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath();
        assertThat(jwks.getList("keys")).as("no key-encryption key in the tests: nothing signs").isEmpty();
    }
}
