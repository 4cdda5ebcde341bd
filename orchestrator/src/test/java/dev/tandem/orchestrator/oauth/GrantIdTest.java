package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrantIdTest {
    private static final String REDIRECT = "https://app.example.com/callback";

    @Test
    void aGrantIdFitsTheFamilyColumnAndIsBoundToItsRedirectUri() {
        String grant = GrantId.boundTo(REDIRECT);
        assertThat(grant.length()).isLessThanOrEqualTo(TokenRecord.MAX_FAMILY_ID_LENGTH);
        assertThat(GrantId.isBoundTo(grant, REDIRECT)).isTrue();
        assertThat(GrantId.boundTo(REDIRECT)).isNotEqualTo(grant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/callback/", "https://APP.example.com/callback",
            "https://app.example.com/callback?x=1", "http://app.example.com/callback", ""})
    void anyOtherRedirectUriIsNotTheBoundOne(String other) {
        assertThat(GrantId.isBoundTo(GrantId.boundTo(REDIRECT), other)).isFalse();
    }

    @Test
    void anUnboundGrantMatchesNoRedirectUri() {
        assertThat(GrantId.isBoundTo(GrantId.unbound(), REDIRECT)).isFalse();
        assertThat(GrantId.isBoundTo(null, REDIRECT)).isFalse();
        assertThat(GrantId.isBoundTo("legacy-request-id", REDIRECT)).isFalse();
    }
}
