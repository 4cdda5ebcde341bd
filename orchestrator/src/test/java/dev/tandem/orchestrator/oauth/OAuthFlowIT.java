package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
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
 * here are opaque: the phases stay where legacy is primary ({@link OAuthAcrossPhasesIT} has the engine's signed ones).
 */
@QuarkusTest
@TestProfile(OAuthFlowIT.OwnControlLog.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class OAuthFlowIT {
    private static final String REDIRECT = OAuthDriver.REDIRECT;
    private static final String ISSUER = "http://127.0.0.1:8080";

    public static class OwnControlLog implements QuarkusTestProfile {
    }

    @TestHTTPResource("/")
    URI root;
    private OAuthDriver oauth;

    @BeforeEach
    void startFromLegacyOnly() {
        AdminApi.resetToLegacyOnly();
        oauth = new OAuthDriver(root, OPERATOR, ISSUER);
    }

    @Test
    void aPublicClientCompletesTheCodeFlowWithPkceAndRefreshesWithRotation() throws Exception {
        App spa = oauth.register("none");
        App api = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens first = oauth.tokens(spa, new AuthorizationCodeGrant(oauth.code(spa, verifier), URI.create(REDIRECT), verifier));
        assertThat(first.getAccessToken().getValue()).startsWith(OpaqueTokens.ACCESS_TOKEN_PREFIX);
        assertThat(first.getAccessToken().getScope()).isEqualTo(new Scope("orders.read"));
        assertThat(first.getAccessToken().getLifetime()).isEqualTo(3600);

        TokenIntrospectionSuccessResponse introspected = TokenIntrospectionResponse.parse(oauth.introspect(api, first.getAccessToken()))
                .toSuccessResponse();
        assertThat(introspected.isActive()).isTrue();
        assertThat(introspected.getClientID()).isEqualTo(spa.id());
        assertThat(introspected.getSubject().getValue()).isEqualTo("alice");
        assertThat(introspected.getScope()).isEqualTo(new Scope("orders.read"));

        Tokens second = oauth.tokens(spa, new RefreshTokenGrant(first.getRefreshToken()));
        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        assertThat(oauth.active(api, second.getAccessToken())).isTrue();
        assertThat(oauth.active(api, first.getRefreshToken())).as("rotated: consumed").isFalse();
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeFamilyInBothStores() throws Exception {
        AdminApi.forceTo("DUAL_WRITE");
        App shop = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens first = oauth.tokens(shop, new AuthorizationCodeGrant(oauth.code(shop, verifier), URI.create(REDIRECT), verifier));
        Tokens second = oauth.tokens(shop, new RefreshTokenGrant(first.getRefreshToken()));

        assertThat(OAuthDriver.error(oauth.token(shop, new RefreshTokenGrant(first.getRefreshToken()))).getCode()).isEqualTo("invalid_grant");
        assertThat(OAuthDriver.error(oauth.token(shop, new RefreshTokenGrant(second.getRefreshToken()))).getCode())
                .as("the successor dies with its family").isEqualTo("invalid_grant");
        assertThat(oauth.active(shop, second.getAccessToken())).isFalse();
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
        App shop = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(oauth.code(shop, verifier), URI.create(REDIRECT), verifier);
        Tokens issued = oauth.tokens(shop, grant);
        assertThat(oauth.active(shop, issued.getAccessToken())).isTrue();

        assertThat(OAuthDriver.error(oauth.token(shop, grant)).getCode()).isEqualTo("invalid_grant");
        assertThat(oauth.active(shop, issued.getAccessToken())).isFalse();
        assertThat(oauth.active(shop, issued.getRefreshToken())).isFalse();
    }

    @Test
    void theTokenRequestMustRepeatTheRedirectUriExactly() throws Exception {
        App shop = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        ErrorObject refused = OAuthDriver.error(oauth.token(shop, new AuthorizationCodeGrant(oauth.code(shop, verifier), URI.create(REDIRECT + "/"), verifier)));
        assertThat(refused.getCode()).isEqualTo("invalid_grant");
        assertThat(refused.getDescription()).contains("redirect_uri");
    }

    @Test
    void aRedirectUriIsMatchedExactlyAtBothEndpointsNoCaseFoldingNoExtraQuery() throws Exception {
        App shop = oauth.register("client_secret_basic");
        List<String> near = List.of(REDIRECT + "/", "https://SHOP.example/cb", "https://shop.example/CB", REDIRECT + "?x=1",
                "https://shop.example:443/cb");
        for (String uri : near) {
            given().redirects().follow(false).queryParam("client_id", shop.id().getValue()).queryParam("redirect_uri", uri)
                    .queryParam("response_type", "code").get("/oauth2/auth").then()
                    .statusCode(400).header("Location", (String) null).body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
            CodeVerifier verifier = new CodeVerifier();
            ErrorObject refused = OAuthDriver.error(oauth.token(shop, new AuthorizationCodeGrant(oauth.code(shop, verifier),
                    URI.create(uri), verifier)));
            assertThat(refused.getCode()).as("redeemed with %s", uri).isEqualTo("invalid_grant");
        }
    }

    @Test
    void pkcePlainAMissingVerifierAndAVerifierWithoutAChallengeAreRefused() throws Exception {
        App spa = oauth.register("none");
        App shop = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Response plain = given().redirects().follow(false).queryParam("client_id", spa.id().getValue())
                .queryParam("redirect_uri", REDIRECT).queryParam("response_type", "code")
                .queryParam("code_challenge", verifier.getValue()).queryParam("code_challenge_method", "plain")
                .queryParam("state", "s1").get("/oauth2/auth");
        assertThat(plain.statusCode()).isEqualTo(303);
        AuthorizationErrorResponse refused = AuthorizationResponse.parse(URI.create(plain.header("Location"))).toErrorResponse();
        assertThat(refused.getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(refused.getErrorObject().getDescription()).contains("S256");

        AuthorizationCode withChallenge = oauth.code(spa, verifier);
        assertThat(OAuthDriver.error(oauth.token(spa, new AuthorizationCodeGrant(withChallenge, URI.create(REDIRECT))))
                .getCode()).as("a downgrade: the verifier left out").isEqualTo("invalid_grant");

        AuthorizationCode withoutChallenge = oauth.code(shop, null);
        assertThat(OAuthDriver.error(oauth.token(shop, new AuthorizationCodeGrant(withoutChallenge, URI.create(REDIRECT),
                new CodeVerifier()))).getCode()).as("a verifier for a code without a challenge").isEqualTo("invalid_grant");
    }

    @Test
    void aPublicClientWithoutPkceGetsAnErrorRedirect() throws Exception {
        App spa = oauth.register("none");
        State state = new State();
        AuthorizationErrorResponse refused = oauth.authorize(spa, null, state).toErrorResponse();
        assertThat(refused.getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(refused.getErrorObject().getDescription()).contains("code_challenge");
        assertThat(refused.getState()).isEqualTo(state);
        assertThat(refused.getIssuer().getValue()).isEqualTo(ISSUER);
        assertThat(refused.getRedirectionURI()).isEqualTo(URI.create(REDIRECT));
    }

    @Test
    void anUnknownClientOrRedirectUriIsA400WithoutARedirect() {
        App shop = oauth.register("client_secret_basic");
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
        App shop = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(oauth.code(shop, verifier), URI.create(REDIRECT), verifier);
        HTTPResponse response = new TokenRequest(oauth.endpoint("/oauth2/token"), new ClientSecretBasic(shop.id(), new Secret("wrong")), grant)
                .toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaderValue("WWW-Authenticate")).isEqualTo("Basic realm=\"tandem\"");
        assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(response.getBody()).doesNotContain("wrong");
    }

    @Test
    void aRevokedTokenIntrospectsAsExactlyActiveFalse() throws Exception {
        App shop = oauth.register("client_secret_basic");
        App other = oauth.register("client_secret_basic");
        CodeVerifier verifier = new CodeVerifier();
        Tokens issued = oauth.tokens(shop, new AuthorizationCodeGrant(oauth.code(shop, verifier), URI.create(REDIRECT), verifier));

        HTTPResponse foreign = oauth.revoke(other, issued.getAccessToken());
        assertThat(foreign.getStatusCode()).as("another client's token: 200, left alone").isEqualTo(200);
        assertThat(oauth.active(shop, issued.getAccessToken())).isTrue();

        HTTPResponse revoked = oauth.revoke(shop, issued.getAccessToken());
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(revoked.getBody()).isNullOrEmpty();
        HTTPResponse introspected = oauth.introspect(shop, issued.getAccessToken());
        assertThat(introspected.getBodyAsJSONObject()).isEqualTo(Map.of("active", false));

        HTTPResponse unknown = oauth.revoke(shop, new RefreshToken("ory_rt_nothing"));
        assertThat(unknown.getStatusCode()).isEqualTo(200);
        assertThat(oauth.introspect(shop, new RefreshToken("garbage")).getBodyAsJSONObject()).isEqualTo(Map.of("active", false));
    }

    @Test
    void malformedTokenRequestsAreRfc6749ErrorsNever5xx() {
        App shop = oauth.register("client_secret_basic");
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
        assertThat(jwks.getList("keys")).as("legacy has been primary throughout: no key was needed yet").isEmpty();
    }
}
