package dev.tandem.orchestrator.oauth;

import dev.tandem.orchestrator.oauth.OAuthSettings.Login;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuthSettingsTest {

    @Test
    void theDevLoginIsRefusedInTheProdProfileOnly() {
        assertThatThrownBy(() -> OAuthSettings.requireLoginAllowed(Login.DEV, List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tandem.oauth.login is \"dev\" in the prod profile");
        assertThatCode(() -> OAuthSettings.requireLoginAllowed(Login.NONE, List.of("prod"))).doesNotThrowAnyException();
        assertThatCode(() -> OAuthSettings.requireLoginAllowed(Login.DEV, List.of("test"))).doesNotThrowAnyException();
        assertThatCode(() -> OAuthSettings.requireLoginAllowed(Login.DEV, List.of("dev"))).doesNotThrowAnyException();
    }

    @Test
    void theChallengeLoginIsAllowedInProdAndNeedsItsAppsAndTheKeyEncryptionKey() {
        assertThatCode(() -> OAuthSettings.requireLoginAllowed(Login.CHALLENGE, List.of("prod"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> OAuthSettings.requireSealingKey(Login.CHALLENGE, Optional.empty()))
                .hasMessageContaining("tandem.oauth.signing.key-encryption-key is not set");
        assertThatCode(() -> OAuthSettings.requireSealingKey(Login.DEV, Optional.empty())).doesNotThrowAnyException();
        assertThatThrownBy(() -> settings("challenge", Optional.empty(), Optional.of("https://consent.example")))
                .hasMessage("tandem.oauth.login-url is required with tandem.oauth.login=challenge: the URL of the external app the user is sent to");
        assertThatThrownBy(() -> settings("challenge", Optional.of("https://login.example"), Optional.of("/consent")))
                .hasMessage("tandem.oauth.consent-url is \"/consent\": expected an absolute http or https URL without fragment");
        OAuthSettings ok = settings("challenge", Optional.of("https://login.example/login?tenant=a"), Optional.of("https://login.example/consent"));
        assertThat(ok.login()).isEqualTo(Login.CHALLENGE);
        assertThat(ok.loginUrl()).contains("https://login.example/login?tenant=a");
        assertThat(settings("dev", Optional.of("not a url at all"), Optional.empty()).loginUrl()).isEmpty();
    }

    private static OAuthSettings settings(String login, Optional<String> loginUrl, Optional<String> consentUrl) {
        return new OAuthSettings("https://tandem.test", Login.parse(login), 10_000, Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofDays(1), List.of("openid"), loginUrl, consentUrl);
    }
}
