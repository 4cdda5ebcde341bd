package dev.tandem.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenComparisonTest {
    private final TokenRecord base = TokenRecordTest.valid().build();

    @Test
    void equalRecordsHaveNoDifferences() {
        assertThat(TokenComparison.differences(base, base.toBuilder().build())).isEmpty();
    }

    @Test
    void differencesNameEachFieldWithBothSides() {
        TokenRecord other = base.toBuilder().scopes(List.of("openid")).subject("bob").version(9).build();
        assertThat(TokenComparison.differences(base, other)).extracting(FieldDifference::field)
                .containsExactly(TokenField.SUBJECT, TokenField.SCOPES, TokenField.VERSION);
        assertThat(TokenComparison.differences(base, other).get(0)).hasToString("subject: alice != bob");
    }

    @Test
    void approximatedRevocationTimeComparesOnlyWhetherRevoked() {
        TokenRecord revokedEarly = base.toBuilder().revokedAt(Instant.parse("2026-01-01T10:01:00Z")).build();
        TokenRecord revokedLate = base.toBuilder().revokedAt(Instant.parse("2026-01-01T10:50:00Z")).build();
        assertThat(TokenComparison.equivalent(revokedEarly, revokedLate, Set.of(TokenField.REVOKED_AT))).isTrue();
        assertThat(TokenComparison.differences(revokedEarly, base, Set.of(TokenField.REVOKED_AT)))
                .containsExactly(new FieldDifference(TokenField.REVOKED_AT, true, false));
        assertThat(TokenComparison.equivalent(revokedEarly, revokedLate, Set.of())).isFalse();
    }

    @Test
    void jsonNamesAreCamelCase() {
        assertThat(TokenField.CODE_CHALLENGE_METHOD.jsonName()).isEqualTo("codeChallengeMethod");
        assertThat(TokenField.KIND.jsonName()).isEqualTo("kind");
    }
}
