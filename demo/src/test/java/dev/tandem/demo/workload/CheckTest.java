package dev.tandem.demo.workload;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.oauth.client.OAuthAnswer;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Set<String> SCOPES = Set.of("openid", "offline_access");

    private static OAuthAnswer<Tokens> tokens(long lifetime, String scope, RefreshToken refresh) {
        return OAuthAnswer.success(200, new Tokens(new BearerAccessToken("a".repeat(43), lifetime, Scope.parse(scope)), refresh));
    }

    private static OAuthAnswer<TokenIntrospectionSuccessResponse> introspection(JSONObject body) {
        return OAuthAnswer.success(200, new TokenIntrospectionSuccessResponse(body));
    }

    private static JSONObject active(Grant grant, String use) {
        JSONObject body = new JSONObject();
        body.put("active", true);
        body.put("scope", String.join(" ", grant.scopes()));
        body.put("client_id", grant.app().clientId());
        body.put("sub", grant.subject());
        body.put("exp", NOW.plusSeconds(600).getEpochSecond());
        body.put("token_use", use);
        return body;
    }

    @Test
    void a_code_comes_back_or_the_error_is_named() {
        assertThat(Check.authorized(OAuthAnswer.success(303, new AuthorizationCode()))).isEmpty();
        assertThat(Check.authorized(OAuthAnswer.failure(400, "invalid_request", "redirect_uri is not registered")))
                .contains("answered HTTP 400 invalid_request: redirect_uri is not registered (expected a redirect with a code)");
    }

    @Test
    void tokens_must_carry_the_grants_scopes_a_short_lifetime_and_a_new_refresh_token() {
        RefreshToken previous = new RefreshToken();
        assertThat(Check.issued(tokens(3600, "openid offline_access", new RefreshToken()), SCOPES, previous)).isEmpty();
        assertThat(Check.issued(tokens(7200, "openid orders:write", previous), SCOPES, previous)).hasValueSatisfying(why ->
                assertThat(why).contains("expires_in 7200").contains("scope").contains("the same refresh token again")
                        .doesNotContain(previous.getValue()));
        assertThat(Check.issued(tokens(3600, "openid offline_access", null), SCOPES, null)).contains("answered 200 with no refresh token");
        assertThat(Check.issued(OAuthAnswer.failure(400, "invalid_grant", "the refresh token was used before"), SCOPES, previous))
                .contains("answered HTTP 400 invalid_grant: the refresh token was used before (expected 200 with tokens)");
    }

    @Test
    void a_live_token_introspects_active_with_its_grants_claims() {
        Grant grant = BookkeepingTest.grant(4);
        assertThat(Check.introspected(introspection(active(grant, "refresh_token")), grant, true, "refresh_token", NOW)).isEmpty();
        JSONObject other = active(grant, "access_token");
        other.put("sub", "mallory");
        other.put("scope", "openid");
        assertThat(Check.introspected(introspection(other), grant, true, "refresh_token", NOW))
                .contains("refresh_token of grant #4 (demo-web, public, user-7, issued in LEGACY_ONLY, 0 refreshes) introspects"
                        + " active with different sub, scope, token_use");
        JSONObject inactive = new JSONObject();
        inactive.put("active", false);
        assertThat(Check.introspected(introspection(inactive), grant, true, "access_token", NOW))
                .hasValueSatisfying(why -> assertThat(why).endsWith("introspects inactive; it was never revoked"));
    }

    @Test
    void a_dead_token_introspects_exactly_active_false() {
        Grant grant = BookkeepingTest.grant(5);
        grant.state(Grant.State.DEAD);
        JSONObject inactive = new JSONObject();
        inactive.put("active", false);
        assertThat(Check.introspected(introspection(inactive), grant, false, "access_token", NOW)).isEmpty();
        inactive.put("sub", "user-7");
        assertThat(Check.introspected(introspection(inactive), grant, false, "access_token", NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("more than {\"active\":false}"));
        assertThat(Check.introspected(introspection(active(grant, "access_token")), grant, false, "access_token", NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("introspects active; it was revoked (DEAD)"));
        assertThat(Check.introspected(OAuthAnswer.failure(401, "invalid_client", "client authentication failed"), grant, false,
                "access_token", NOW)).hasValueSatisfying(why -> assertThat(why).contains("HTTP 401 invalid_client"));
    }

    @Test
    void a_replay_must_be_refused_with_invalid_grant_and_nothing_else() {
        assertThat(Check.replayRefused(OAuthAnswer.failure(400, "invalid_grant", "used before"))).isEmpty();
        assertThat(Check.replayRefused(tokens(3600, "openid", new RefreshToken())))
                .hasValueSatisfying(why -> assertThat(why).contains("ACCEPTED"));
        assertThat(Check.replayRefused(OAuthAnswer.failure(503, "temporarily_unavailable", null)))
                .contains("answered HTTP 503 temporarily_unavailable (expected HTTP 400 invalid_grant)");
    }

    @Test
    void a_revocation_is_200() {
        assertThat(Check.revoked(OAuthAnswer.success(200, true))).isEmpty();
        assertThat(Check.revoked(OAuthAnswer.failure(401, "invalid_client", null))).contains("answered HTTP 401 invalid_client (expected 200)");
    }
}
