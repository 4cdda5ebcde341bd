package dev.tandem.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenRecordTest {
    static final String ID = TokenId.hashOf("a-secret");

    static TokenRecord.Builder valid() {
        return TokenRecord.builder()
                .id(ID).kind(TokenKind.ACCESS_TOKEN).clientId("web-app").subject("alice")
                .scopes(List.of("openid", "email")).issuedAt(Instant.parse("2026-01-01T10:00:00Z"))
                .expiresAt(Instant.parse("2026-01-01T11:00:00Z")).familyId("grant-1").version(7);
    }

    static Stream<Arguments> invalidRecords() {
        return Stream.of(
                bad("id", "64 lowercase hex characters", b -> b.id("raw-token")),
                bad("id", "64 lowercase hex characters", b -> b.id(ID.toUpperCase())),
                bad("id", "a missing value", b -> b.id(null)),
                bad("kind", "is required", b -> b.kind(null)),
                bad("clientId", "is required", b -> b.clientId(" ")),
                bad("clientId", "at most 255", b -> b.clientId("c".repeat(256))),
                bad("subject", "at most 255", b -> b.subject("s".repeat(256))),
                bad("scopes", "is required", b -> b.scopes(null)),
                bad("scopes", "without white space", b -> b.scopes(List.of("open id"))),
                bad("scopes", "without white space", b -> b.scopes(List.of(""))),
                bad("issuedAt", "is required", b -> b.issuedAt(null)),
                bad("expiresAt", "is required", b -> b.expiresAt(null)),
                bad("expiresAt", "is not after issuedAt", b -> b.expiresAt(Instant.parse("2026-01-01T09:00:00Z"))),
                bad("expiresAt", "is not after issuedAt", b -> b.expiresAt(Instant.parse("2026-01-01T10:00:00Z"))),
                bad("familyId", "at most 40", b -> b.familyId("f".repeat(41))),
                bad("codeChallengeMethod", "go together", b -> b.codeChallenge("abc", null)),
                bad("codeChallenge", "go together", b -> b.codeChallenge(null, PkceMethod.S256)),
                bad("version", "is negative", b -> b.version(-1)));
    }

    private static Arguments bad(String field, String message, UnaryOperator<TokenRecord.Builder> change) {
        return Arguments.of(field, message, change);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidRecords")
    void invalidRecordsAreRejectedNamingTheField(String field, String message, UnaryOperator<TokenRecord.Builder> change) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOfSatisfying(InvalidTokenRecordException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void rejectedIdIsNotEchoedSoARawTokenSentByMistakeDoesNotLeak() {
        assertThatThrownBy(() -> valid().id("rt_live_9f8e7d6c5b4a").build())
                .hasMessageNotContaining("rt_live_9f8e7d6c5b4a")
                .hasMessageContaining("20 characters");
    }

    @Test
    void timesAreTruncatedToWholeSecondsAndScopesSorted() {
        TokenRecord record = valid().issuedAt(Instant.parse("2026-01-01T10:00:00.999Z"))
                .scopes(List.of("profile", "email", "openid", "email")).build();
        assertThat(record.issuedAt()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(record.scopes()).containsExactly("email", "openid", "profile");
        assertThatThrownBy(() -> record.scopes().add("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyOptionalTextsBecomeAbsent() {
        TokenRecord record = valid().subject("").familyId("").build();
        assertThat(record.subject()).isNull();
        assertThat(record.familyId()).isNull();
    }

    @Test
    void activeMeansNeitherRevokedNorExpired() {
        TokenRecord record = valid().build();
        assertThat(record.isActiveAt(Instant.parse("2026-01-01T10:30:00Z"))).isTrue();
        assertThat(record.isActiveAt(Instant.parse("2026-01-01T11:00:00Z"))).isFalse();
        assertThat(record.toBuilder().revokedAt(Instant.parse("2026-01-01T10:10:00Z")).build()
                .isActiveAt(Instant.parse("2026-01-01T10:30:00Z"))).isFalse();
    }

    @Test
    void unknownKindNamesTheValidOnes() {
        assertThatThrownBy(() -> TokenKind.fromWireName("id_token"))
                .hasMessage("kind: \"id_token\" is not a token kind (valid: access_token, refresh_token, authorization_code)");
    }

    @Test
    void idIsTheHexSha256OfTheSecret() {
        // echo -n abc | sha256sum
        assertThat(TokenId.hashOf("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(TokenId.isValid(TokenId.hashOf("anything"))).isTrue();
    }

    @Test
    void toStringCarriesNoPkceChallenge() {
        TokenRecord record = valid().codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkceMethod.S256).build();
        assertThat(record.toString()).doesNotContain("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM").contains("pkce=S256");
        assertThat(Set.of(record)).contains(record.toBuilder().build());
    }
}
