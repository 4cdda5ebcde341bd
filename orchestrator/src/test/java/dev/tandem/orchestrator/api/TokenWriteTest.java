package dev.tandem.orchestrator.api;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenWriteTest {
    private static final String ID = TokenId.hashOf("secret");

    private static TokenWrite valid() {
        return new TokenWrite("authorization_code", "web-app", "user-1", List.of("openid", "email"),
                "2026-11-27T12:00:00Z", "2026-11-27T12:10:00Z", "grant-1", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256");
    }

    @Test
    void aValidBodyBecomesTheCanonicalRecord() {
        TokenRecord record = valid().toRecord(ID);
        assertThat(record.id()).isEqualTo(ID);
        assertThat(record.kind()).isEqualTo(TokenKind.AUTHORIZATION_CODE);
        assertThat(record.scopes()).containsExactly("email", "openid");
        assertThat(record.issuedAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(record.codeChallengeMethod()).isEqualTo(PkceMethod.S256);
        assertThat(record.revokedAt()).isNull();
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("missing kind", with(0, null), "kind", "is required"),
                Arguments.of("unknown kind", with(0, "id_token"), "kind", "valid: access_token, refresh_token, authorization_code"),
                Arguments.of("missing clientId", with(1, null), "clientId", "is required"),
                Arguments.of("blank clientId", with(1, "  "), "clientId", "must not be blank"),
                Arguments.of("NUL in clientId", with(1, "web\u0000app"), "clientId", "U+0000 at position 3"),
                Arguments.of("lone surrogate in subject", with(2, "user\ud800"), "subject", "unpaired surrogate"),
                Arguments.of("missing scopes", with(3, null), "scopes", "[] for none"),
                Arguments.of("scope with a space", with(3, List.of("open id")), "scopes", "without white space"),
                Arguments.of("missing issuedAt", with(4, null), "issuedAt", "is required"),
                Arguments.of("issuedAt not a time", with(4, "yesterday"), "issuedAt", "RFC 3339"),
                Arguments.of("expiresAt before issuedAt", with(5, "2026-11-27T11:00:00Z"), "expiresAt", "not after issuedAt"),
                Arguments.of("expiresAt after year 9999", with(5, "+10000-01-01T00:00:00Z"), "expiresAt", "out of range"),
                Arguments.of("familyId too long", with(6, "g".repeat(41)), "familyId", "at most 40"),
                Arguments.of("challenge without method", with(8, null), "codeChallengeMethod", "go together"),
                Arguments.of("unknown PKCE method", with(8, "S512"), "codeChallengeMethod", "valid: S256, plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyNamesTheFieldAndWhatIsValid(String name, TokenWrite body, String field, String message) {
        assertThatThrownBy(() -> body.toRecord(ID))
                .isInstanceOf(InvalidTokenRecordException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidTokenRecordException) e).field()).isEqualTo(field));
    }

    @Test
    void aRejectedTimeIsNotEchoedInFull() {
        String pasted = "x".repeat(200);
        assertThatThrownBy(() -> with(4, pasted).toRecord(ID)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(pasted));
    }

    /** The valid body with component {@code index} replaced. */
    private static TokenWrite with(int index, Object value) {
        TokenWrite v = valid();
        Object[] parts = {v.kind(), v.clientId(), v.subject(), v.scopes(), v.issuedAt(), v.expiresAt(), v.familyId(),
                v.codeChallenge(), v.codeChallengeMethod()};
        parts = Arrays.copyOf(parts, parts.length);
        parts[index] = value;
        @SuppressWarnings("unchecked")
        List<String> scopes = (List<String>) parts[3];
        return new TokenWrite((String) parts[0], (String) parts[1], (String) parts[2], scopes, (String) parts[4],
                (String) parts[5], (String) parts[6], (String) parts[7], (String) parts[8]);
    }
}
