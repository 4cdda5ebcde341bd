package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.KeyEncryptionKey;
import dev.tandem.orchestrator.oauth.LoginChallenges.Pending;
import dev.tandem.orchestrator.oauth.LoginChallenges.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginChallengesTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String QUERY = "response_type=code&client_id=shop&redirect_uri=https%3A%2F%2Fshop.example%2Fcb&state=s1";
    private static final KeyEncryptionKey KEK = KeyEncryptionKey.generate();
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private static LoginChallenges at(Instant now) {
        return new LoginChallenges(KEK, LIFETIME, Clock.fixed(now, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aSealedRequestOpensAtItsStageOnAnyInstanceWithTheSameKey(Stage stage) {
        Pending pending = new Pending(QUERY, "alice", List.of("orders.read"));
        String sealed = at(NOW).seal(stage, pending);

        assertThat(sealed).matches("[A-Za-z0-9_-]+").doesNotContain("alice").doesNotContain("shop");
        assertThat(at(NOW.plusSeconds(30)).open(stage, sealed)).isEqualTo(pending);
    }

    @Test
    void aValueOfOneStageDoesNotOpenAsAnother() {
        String challenge = at(NOW).seal(Stage.LOGIN_CHALLENGE, Pending.of(QUERY));
        for (Stage other : List.of(Stage.LOGIN_VERIFIER, Stage.CONSENT_CHALLENGE, Stage.CONSENT_VERIFIER)) {
            assertThatThrownBy(() -> at(NOW).open(other, challenge)).isInstanceOf(OAuthError.class)
                    .hasMessage(LoginChallenges.INVALID.formatted(other.parameter(), other.parameter()))
                    .extracting(e -> ((OAuthError) e).error()).isEqualTo(OAuthError.INVALID_REQUEST);
        }
    }

    @Test
    void expiresAfterItsLifetime() {
        String sealed = at(NOW).seal(Stage.CONSENT_VERIFIER, Pending.of(QUERY));

        assertThat(at(NOW.plus(LIFETIME).minusSeconds(1)).open(Stage.CONSENT_VERIFIER, sealed).query()).isEqualTo(QUERY);
        assertThatThrownBy(() -> at(NOW.plus(LIFETIME)).open(Stage.CONSENT_VERIFIER, sealed))
                .hasMessage(LoginChallenges.EXPIRED.formatted("consent_verifier"));
    }

    @Test
    void aTamperedValueIsRefusedWhicheverByteChanged() {
        byte[] bytes = Base64.getUrlDecoder().decode(at(NOW).seal(Stage.LOGIN_CHALLENGE, Pending.of(QUERY)));
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThatThrownBy(() -> at(NOW).open(Stage.LOGIN_CHALLENGE, value)).as("byte %d", i)
                    .hasMessage(LoginChallenges.INVALID.formatted("login_challenge", "login_challenge"));
        }
    }

    @Test
    void anotherKeyEncryptionKeyDoesNotOpenIt() {
        String sealed = at(NOW).seal(Stage.LOGIN_CHALLENGE, Pending.of(QUERY));
        LoginChallenges other = new LoginChallenges(KeyEncryptionKey.generate(), LIFETIME, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> other.open(Stage.LOGIN_CHALLENGE, sealed)).isInstanceOf(OAuthError.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "AAAA", "QUJD"})
    void malformedValuesAreInvalidRequests(String value) {
        assertThatThrownBy(() -> at(NOW).open(Stage.LOGIN_CHALLENGE, value)).isInstanceOf(OAuthError.class)
                .extracting(e -> ((OAuthError) e).error()).isEqualTo(OAuthError.INVALID_REQUEST);
    }

    @Test
    void anOverlongValueIsRefusedUnread() {
        assertThatThrownBy(() -> at(NOW).open(Stage.LOGIN_CHALLENGE, "A".repeat(LoginChallenges.MAX_CHARS + 1)))
                .isInstanceOf(OAuthError.class);
    }

    @Test
    void sealingTheSameRequestTwiceGivesDifferentValues() {
        assertThat(at(NOW).seal(Stage.LOGIN_CHALLENGE, Pending.of(QUERY))).isNotEqualTo(at(NOW).seal(Stage.LOGIN_CHALLENGE, Pending.of(QUERY)));
    }
}
