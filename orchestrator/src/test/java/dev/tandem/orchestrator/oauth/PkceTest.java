package dev.tandem.orchestrator.oauth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkceTest {
    /** The challenge computed apart: printf %s VERIFIER | openssl dgst -sha256 -binary | base64url. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "ngF5GsXcbwljx6u133FFr3Xht9xooA_DuaX_3QwODtc";

    @Test
    void aVerifierMatchesItsIndependentlyComputedChallenge() {
        assertThat(Pkce.challengeOf(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Pkce.verifies(VERIFIER, CHALLENGE)).isTrue();
        assertThat(Pkce.verifies(VERIFIER + "x", CHALLENGE)).isFalse();
        assertThat(Pkce.requireChallenge(CHALLENGE, "S256")).isEqualTo("S256");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"plain", "s256", "S512"})
    void onlyS256IsAccepted(String method) {
        assertThatThrownBy(() -> Pkce.requireChallenge(CHALLENGE, method)).isInstanceOf(OAuthError.class)
                .extracting(e -> ((OAuthError) e).error()).isEqualTo(OAuthError.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c=", "ngF5GsXcbwljx6u133FFr3Xht9xooA_DuaX_3QwODtcx"})
    void aChallengeIs43Base64urlCharacters(String challenge) {
        assertThatThrownBy(() -> Pkce.requireChallenge(challenge, "S256")).isInstanceOf(OAuthError.class);
    }

    @Test
    void verifierSyntaxFollowsRfc7636() {
        assertThat(Pkce.isValidVerifier("a".repeat(43))).isTrue();
        assertThat(Pkce.isValidVerifier("a".repeat(128))).isTrue();
        assertThat(Pkce.isValidVerifier("a".repeat(42))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(129))).isFalse();
        assertThat(Pkce.isValidVerifier("a".repeat(42) + "+")).isFalse();
        assertThat(Pkce.isValidVerifier("-._~" + "a".repeat(39))).isTrue();
        assertThat(Pkce.isValidVerifier(null)).isFalse();
    }
}
