package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.engine.signing.KeyEncryptionKey;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.orchestrator.oauth.LoginChallenges.Pending;
import dev.tandem.orchestrator.oauth.LoginChallenges.Stage;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.TestStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tandem.oauth.login=challenge} end to end, on two orchestrator JVMs in the prod profile behind one
 * issuer, sharing only the stores and Kafka: a Nimbus client starts the code flow on instance A, a login and
 * consent app (plain HTTP here) accepts through B's admin API, and A finishes the flow with a code that
 * redeems for tokens. Rejections go back to the client with error, state and iss; a challenge that is
 * altered, expired, of another step, or a grant wider than the request is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginConsentIT {
    private static final String ISSUER = "https://tandem.test";
    private static final String KEY_ENCRYPTION_KEY = "OUy46lg/Z5ZRyXnl/rq++iAF2Zm0SWtCvANy03SnbZo=";
    private static final String LOGIN_URL = "https://login.example/login?tenant=shop";
    private static final String CONSENT_URL = "https://login.example/consent";
    private static final String REQUESTS = "/admin/oauth2/auth/requests";

    private final String operatorToken = "login-app-" + UUID.randomUUID();
    private final String viewerToken = "login-viewer-" + UUID.randomUUID();
    private final List<OrchestratorProcess> instances = new ArrayList<>();
    private OAuthDriver a;
    private OAuthDriver b;

    @BeforeAll
    void startTwoInstancesWithTheChallengeLogin() throws Exception {
        TestStack stack = TestStack.get();
        DatabaseEndpoint legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        DatabaseEndpoint engine = stack.freshEngineDatabase();
        String topic = "tandem.control.login-" + UUID.randomUUID();
        String tokens = "login-app:operator:" + sha256(operatorToken) + ",viewer:viewer:" + sha256(viewerToken);
        for (int node = 1; node <= 2; node++) {
            // No quarkus.profile: the packaged application runs in prod, which must accept the challenge login.
            instances.add(OrchestratorProcess.builder("login-consent-" + node)
                    .nodeId(node).legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap())
                    .controlTopic(topic).adminTokens(tokens)
                    .property("tandem.oauth.issuer", ISSUER)
                    .property("tandem.oauth.login", "challenge")
                    .property("tandem.oauth.login-url", LOGIN_URL)
                    .property("tandem.oauth.consent-url", CONSENT_URL)
                    .property("tandem.oauth.signing.key-encryption-key", KEY_ENCRYPTION_KEY)
                    .build());
        }
        instances.forEach(OrchestratorProcess::start);
        a = new OAuthDriver(URI.create(instances.get(0).url() + "/"), operatorToken, ISSUER);
        b = new OAuthDriver(URI.create(instances.get(1).url() + "/"), operatorToken, ISSUER);
    }

    @AfterAll
    void stopBoth() {
        instances.forEach(OrchestratorProcess::stop);
    }

    @Test
    void anAcceptedLoginAndConsentOnAnotherInstanceEndInACodeThatRedeemsForTheGrantedScope() throws Exception {
        App spa = a.register("none");
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        String loginChallenge = challenge(a.get(a.authorizationRequest(spa, verifier, state).build().toURI()), LOGIN_URL,
                "login_challenge");

        JsonPath login = viewer(b).queryParam("login_challenge", loginChallenge).get(REQUESTS + "/login")
                .then().statusCode(200).extract().jsonPath();
        assertThat(login.getString("client.client_id")).isEqualTo(spa.id().getValue());
        assertThat(login.getString("client.client_name")).isEqualTo("flow-none");
        assertThat(login.getString("client.client_secret")).isNull();
        assertThat(login.getList("requested_scope")).containsExactly("orders.read");
        assertThat(login.getString("redirect_uri")).isEqualTo(OAuthDriver.REDIRECT);
        assertThat(login.getString("request_url")).startsWith(ISSUER + "/oauth2/auth?").contains("state=" + state.getValue());
        assertThat(login.getBoolean("skip")).isFalse();
        viewer(b).queryParam("login_challenge", loginChallenge).body(Map.of("subject", "alice"))
                .put(REQUESTS + "/login/accept").then().statusCode(403);

        String loginVerifier = accept(b, "login", "login_challenge", loginChallenge, Map.of("subject", "alice"));
        String consentChallenge = challenge(a.get(onInstance(a, loginVerifier)), CONSENT_URL, "consent_challenge");
        JsonPath consent = viewer(b).queryParam("consent_challenge", consentChallenge).get(REQUESTS + "/consent")
                .then().statusCode(200).extract().jsonPath();
        assertThat(consent.getString("subject")).isEqualTo("alice");
        assertThat(consent.getList("requested_scope")).containsExactly("orders.read");

        String consentVerifier = accept(b, "consent", "consent_challenge", consentChallenge, Map.of("grant_scope", List.of("orders.read")));
        AuthorizationSuccessResponse success = OAuthDriver.backToClient(a.get(onInstance(a, consentVerifier))).toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer().getValue()).isEqualTo(ISSUER);

        Tokens tokens = b.tokens(spa, new AuthorizationCodeGrant(success.getAuthorizationCode(), URI.create(OAuthDriver.REDIRECT), verifier));
        assertThat(tokens.getAccessToken().getScope().toStringList()).containsExactly("orders.read");
        assertThat(tokens.getRefreshToken()).isNotNull();
    }

    /**
     * Pins what LoginChallenges documents: a consent verifier opens until it expires, so a replay gets
     * another code, which is as useless as the first one to whoever lacks the client's PKCE verifier.
     */
    @Test
    void aReplayedConsentVerifierGetsAnotherCodeThatStillNeedsThePkceVerifier() throws Exception {
        App spa = a.register("none");
        CodeVerifier verifier = new CodeVerifier();
        String loginChallenge = challenge(a.get(a.authorizationRequest(spa, verifier, new State()).build().toURI()), LOGIN_URL,
                "login_challenge");
        String consentChallenge = challenge(a.get(onInstance(a, accept(b, "login", "login_challenge", loginChallenge,
                Map.of("subject", "carol")))), CONSENT_URL, "consent_challenge");
        String consentVerifier = accept(a, "consent", "consent_challenge", consentChallenge, Map.of("grant_scope", List.of("orders.read")));

        var first = OAuthDriver.backToClient(a.get(onInstance(a, consentVerifier))).toSuccessResponse().getAuthorizationCode();
        var replayed = OAuthDriver.backToClient(b.get(onInstance(b, consentVerifier))).toSuccessResponse().getAuthorizationCode();

        assertThat(replayed).isNotEqualTo(first);
        URI redirect = URI.create(OAuthDriver.REDIRECT);
        assertThat(OAuthDriver.error(b.token(spa, new AuthorizationCodeGrant(replayed, redirect, new CodeVerifier()))).getCode())
                .isEqualTo("invalid_grant");
        assertThat(b.tokens(spa, new AuthorizationCodeGrant(first, redirect, verifier)).getAccessToken()).isNotNull();
    }

    @Test
    void aRejectedLoginGoesBackToTheClientWithTheErrorStateAndIss() throws Exception {
        App spa = a.register("none");
        State state = new State();
        String loginChallenge = challenge(a.get(a.authorizationRequest(spa, new CodeVerifier(), state).build().toURI()),
                LOGIN_URL, "login_challenge");

        String redirectTo = operator(b).queryParam("login_challenge", loginChallenge)
                .body(Map.of("error", "access_denied", "error_description", "wrong password three times"))
                .put(REQUESTS + "/login/reject").then().statusCode(200).extract().jsonPath().getString("redirect_to");

        AuthorizationErrorResponse error = AuthorizationResponse.parse(URI.create(redirectTo)).toErrorResponse();
        assertThat(redirectTo).startsWith(OAuthDriver.REDIRECT + "?");
        assertThat(error.getErrorObject().getCode()).isEqualTo("access_denied");
        assertThat(error.getErrorObject().getDescription()).isEqualTo("wrong password three times");
        assertThat(error.getState()).isEqualTo(state);
        assertThat(error.getIssuer().getValue()).isEqualTo(ISSUER);
    }

    @Test
    void aRejectedConsentGoesBackToTheClientAsAccessDenied() throws Exception {
        App spa = a.register("none");
        State state = new State();
        String consentChallenge = consentChallenge(spa, state);

        String redirectTo = operator(a).queryParam("consent_challenge", consentChallenge)
                .put(REQUESTS + "/consent/reject").then().statusCode(200).extract().jsonPath().getString("redirect_to");

        AuthorizationErrorResponse error = AuthorizationResponse.parse(URI.create(redirectTo)).toErrorResponse();
        assertThat(error.getErrorObject().getCode()).isEqualTo(OAuth2Error.ACCESS_DENIED.getCode());
        assertThat(error.getState()).isEqualTo(state);
    }

    @Test
    void aGrantWiderThanTheRequestIsRefused() throws Exception {
        App spa = a.register("none");
        String consentChallenge = consentChallenge(spa, new State());

        Response refused = operator(b).queryParam("consent_challenge", consentChallenge)
                .body(Map.of("grant_scope", List.of("orders.read", "orders.write"))).put(REQUESTS + "/consent/accept");

        assertProblem(refused, "invalid_scope", "orders.write is beyond the requested scope");
    }

    @Test
    void alteredExpiredAndWrongStepChallengesAreInvalidRequests() throws Exception {
        App spa = a.register("none");
        String loginChallenge = challenge(a.get(a.authorizationRequest(spa, new CodeVerifier(), new State()).build().toURI()),
                LOGIN_URL, "login_challenge");
        char last = loginChallenge.charAt(loginChallenge.length() - 1);
        String altered = loginChallenge.substring(0, loginChallenge.length() - 1) + (last == 'A' ? 'B' : 'A');
        String query = URI.create(a.authorizationRequest(spa, new CodeVerifier(), new State()).build().toURI().toString()).getRawQuery();
        String expired = new LoginChallenges(KeyEncryptionKey.fromBase64("test", KEY_ENCRYPTION_KEY), Duration.ofMinutes(10),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), ZoneOffset.UTC)).seal(Stage.LOGIN_CHALLENGE, Pending.of(query));

        assertProblem(viewer(b).queryParam("login_challenge", altered).get(REQUESTS + "/login"), "invalid_request", "is not valid");
        assertProblem(viewer(b).queryParam("login_challenge", expired).get(REQUESTS + "/login"), "invalid_request", "has expired");
        assertProblem(viewer(b).queryParam("consent_challenge", loginChallenge).get(REQUESTS + "/consent"), "invalid_request",
                "consent_challenge is not valid");
        assertProblem(operator(b).queryParam("consent_challenge", loginChallenge).body(Map.of("grant_scope", List.of("orders.read")))
                .put(REQUESTS + "/consent/accept"), "invalid_request", "consent_challenge is not valid");
        assertProblem(viewer(b).get(REQUESTS + "/login"), "invalid_request", "login_challenge is required");

        for (String parameter : List.of("login_verifier", "consent_verifier")) {
            Response refused = a.get(a.endpoint("/oauth2/auth?" + parameter + "=" + loginChallenge));
            assertThat(refused.statusCode()).as(parameter).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).isEqualTo("invalid_request");
            assertThat(refused.jsonPath().getString("error_description")).startsWith(parameter + " is not valid");
        }
    }

    @Test
    void theRequestIsCheckedBeforeTheLoginAppSeesIt() throws Exception {
        App spa = a.register("none");
        State state = new State();

        AuthorizationErrorResponse error = OAuthDriver.backToClient(a.get(a.authorizationRequest(spa, null, state).build().toURI()))
                .toErrorResponse();

        assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(error.getErrorObject().getDescription()).contains("code_challenge");
        assertThat(error.getState()).isEqualTo(state);
    }

    /** Up to the consent app: the request started on A, the login accepted on B. */
    private String consentChallenge(App app, State state) throws Exception {
        String loginChallenge = challenge(a.get(a.authorizationRequest(app, new CodeVerifier(), state).build().toURI()),
                LOGIN_URL, "login_challenge");
        String loginVerifier = accept(b, "login", "login_challenge", loginChallenge, Map.of("subject", "bob"));
        return challenge(a.get(onInstance(a, loginVerifier)), CONSENT_URL, "consent_challenge");
    }

    /** The 302 to the login or consent app; answers the challenge it carries. */
    private static String challenge(Response response, String appUrl, String parameter) {
        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(302);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        String location = response.header("Location");
        assertThat(location).startsWith(appUrl + (appUrl.contains("?") ? "&" : "?") + parameter + "=");
        return location.substring(location.indexOf(parameter + "=") + parameter.length() + 1);
    }

    /** Accepts as the login or consent app does; answers the redirect_to, which points at the issuer. */
    private String accept(OAuthDriver instance, String step, String parameter, String challenge, Map<String, ?> body) {
        String redirectTo = operator(instance).queryParam(parameter, challenge).body(body).put(REQUESTS + "/" + step + "/accept")
                .then().statusCode(200).extract().jsonPath().getString("redirect_to");
        assertThat(redirectTo).startsWith(ISSUER + "/oauth2/auth?");
        return redirectTo;
    }

    /** The issuer's address is both instances': the user agent's request for it lands on {@code instance}. */
    private static URI onInstance(OAuthDriver instance, String issuerUrl) {
        return instance.endpoint("/oauth2/auth?" + URI.create(issuerUrl).getRawQuery());
    }

    private static void assertProblem(Response response, String error, String detail) {
        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("error")).isEqualTo(error);
        assertThat(response.jsonPath().getString("detail")).contains(detail);
    }

    private RequestSpecification operator(OAuthDriver instance) {
        return instance.admin();
    }

    private RequestSpecification viewer(OAuthDriver instance) {
        return instance.http().header("Authorization", "Bearer " + viewerToken).contentType(ContentType.JSON);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
