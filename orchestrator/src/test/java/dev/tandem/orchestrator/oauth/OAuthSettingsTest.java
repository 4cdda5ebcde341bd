package dev.tandem.orchestrator.oauth;

import dev.tandem.orchestrator.oauth.OAuthSettings.Login;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
