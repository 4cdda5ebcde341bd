package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.tandem.orchestrator.admin.AdminApi;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
import dev.tandem.orchestrator.testing.FreshStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.tandem.orchestrator.admin.AdminApi.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A code redeemed after its lifetime is refused at the token endpoint ({@code invalid_grant}), on an
 * instance whose codes live {@value #LIFETIME_SECONDS} seconds instead of ten minutes, so that the test
 * waits seconds for the clock to pass the expiry rather than faking it.
 */
@QuarkusTest
@TestProfile(ExpiredCodeIT.ShortLivedCodes.class)
@QuarkusTestResource(value = FreshStackResource.class, restrictToAnnotatedClass = true)
class ExpiredCodeIT {
    private static final long LIFETIME_SECONDS = 5;

    public static class ShortLivedCodes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(OAuthConfig.CODE_LIFETIME_SECONDS, Long.toString(LIFETIME_SECONDS));
        }
    }

    @TestHTTPResource("/")
    URI root;
    private OAuthDriver oauth;

    @BeforeEach
    void startFromLegacyOnly() {
        AdminApi.resetToLegacyOnly();
        oauth = new OAuthDriver(root, OPERATOR, "http://127.0.0.1:8080");
    }

    @Test
    void aCodeRedeemedAfterItsLifetimeIsInvalidGrantWhileOneRedeemedInTimeWorks() throws Exception {
        App spa = oauth.register("none");
        oauth.tokens(spa, oauth.codeGrant(spa));

        Instant requested = Instant.now();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCode code = oauth.code(spa, verifier);
        // Issued after `requested`, so expired once the clock is a lifetime (and a second of rounding) past it.
        Instant surelyExpired = requested.plusSeconds(LIFETIME_SECONDS + 1);
        await().atMost(Duration.ofSeconds(LIFETIME_SECONDS + 5)).until(() -> Instant.now().isAfter(surelyExpired));

        AuthorizationCodeGrant late = new AuthorizationCodeGrant(code, URI.create(OAuthDriver.REDIRECT), verifier);
        ErrorObject error = OAuthDriver.error(oauth.token(spa, late));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getHTTPStatusCode()).isEqualTo(400);
        assertThat(error.getDescription()).isEqualTo(dev.tandem.orchestrator.oauth.AuthorizationCodeGrant.UNKNOWN);
    }
}
