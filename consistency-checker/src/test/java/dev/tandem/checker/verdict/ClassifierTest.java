package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.tandem.contract.verdict.Severity.CRITICAL;
import static dev.tandem.contract.verdict.Severity.MAJOR;
import static dev.tandem.contract.verdict.Severity.MINOR;
import static dev.tandem.contract.verdict.VerdictKind.FIELD_MISMATCH;
import static dev.tandem.contract.verdict.VerdictKind.MATCH;
import static dev.tandem.contract.verdict.VerdictKind.MISSING_IN_ENGINE;
import static dev.tandem.contract.verdict.VerdictKind.MISSING_IN_LEGACY;
import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final TokenRecord TOKEN = TokenRecord.builder()
            .id(TokenId.hashOf("classifier-test"))
            .kind(TokenKind.REFRESH_TOKEN)
            .clientId("web-app")
            .subject("user-1")
            .scopes(Set.of("openid", "offline_access"))
            .issuedAt(NOW.minusSeconds(600))
            .expiresAt(NOW.plusSeconds(3_600))
            .familyId("grant-1")
            .version(100)
            .build();

    private static Arguments row(String name, UnaryOperator<TokenRecord.Builder> legacy, UnaryOperator<TokenRecord.Builder> engine,
                                 VerdictKind kind, Severity severity, TokenField... fields) {
        TokenRecord l = legacy == null ? null : legacy.apply(TOKEN.toBuilder()).build();
        TokenRecord e = engine == null ? null : engine.apply(TOKEN.toBuilder()).build();
        return Arguments.of(name, l, e, kind, severity, List.of(fields));
    }

    static Stream<Arguments> cases() {
        UnaryOperator<TokenRecord.Builder> same = b -> b;
        UnaryOperator<TokenRecord.Builder> revoked = b -> b.revokedAt(NOW.minusSeconds(60));
        UnaryOperator<TokenRecord.Builder> expired = b -> b.expiresAt(NOW.minusSeconds(1));
        return Stream.of(
                row("equal records", same, same, MATCH, null),
                row("revocation times differ (legacy keeps none)", b -> b.revokedAt(NOW.minusSeconds(600)), revoked, MATCH, null),
                row("usable token only in legacy", same, null, MISSING_IN_ENGINE, CRITICAL),
                row("usable token only in the engine", null, same, MISSING_IN_LEGACY, CRITICAL),
                row("revoked token only in legacy", revoked, null, MISSING_IN_ENGINE, MINOR),
                row("expired token only in the engine", null, expired, MISSING_IN_LEGACY, MINOR),
                row("revoked in legacy, active in the engine", revoked, same, FIELD_MISMATCH, CRITICAL, TokenField.REVOKED_AT),
                row("active in legacy, revoked in the engine", same, revoked, FIELD_MISMATCH, CRITICAL, TokenField.REVOKED_AT),
                row("expired on one side only", expired, same, FIELD_MISMATCH, CRITICAL, TokenField.EXPIRES_AT),
                row("expiry differs, both still valid", b -> b.expiresAt(NOW.plusSeconds(60)), same, FIELD_MISMATCH, MINOR,
                        TokenField.EXPIRES_AT),
                row("expiry differs, both expired", expired, b -> b.expiresAt(NOW.minusSeconds(30)), FIELD_MISMATCH, MINOR,
                        TokenField.EXPIRES_AT),
                row("scopes differ", b -> b.scopes(Set.of("openid", "offline_access", "admin")), same, FIELD_MISMATCH, MAJOR,
                        TokenField.SCOPES),
                row("subject differs", b -> b.subject("user-2"), same, FIELD_MISMATCH, MAJOR, TokenField.SUBJECT),
                row("client differs", same, b -> b.clientId("mobile-app"), FIELD_MISMATCH, MAJOR, TokenField.CLIENT_ID),
                row("family differs", same, b -> b.familyId(null), FIELD_MISMATCH, MAJOR, TokenField.FAMILY_ID),
                row("kind differs", same, b -> b.kind(TokenKind.ACCESS_TOKEN), FIELD_MISMATCH, MAJOR, TokenField.KIND),
                row("scopes differ on a token revoked on both sides", b -> revoked.apply(b).scopes(Set.of()), revoked,
                        FIELD_MISMATCH, MAJOR, TokenField.SCOPES),
                row("scopes differ and one side revoked", b -> revoked.apply(b).scopes(Set.of()), same,
                        FIELD_MISMATCH, CRITICAL, TokenField.SCOPES, TokenField.REVOKED_AT),
                row("only the version differs", b -> b.version(101), same, FIELD_MISMATCH, MINOR, TokenField.VERSION),
                row("issue time differs", b -> b.issuedAt(NOW.minusSeconds(601)), same, FIELD_MISMATCH, MINOR, TokenField.ISSUED_AT),
                row("PKCE challenge differs", b -> b.codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                        dev.tandem.model.PkceMethod.S256), same, FIELD_MISMATCH, MINOR,
                        TokenField.CODE_CHALLENGE, TokenField.CODE_CHALLENGE_METHOD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesAndGrades(String name, TokenRecord legacy, TokenRecord engine, VerdictKind kind, Severity severity,
                             List<TokenField> fields) {
        Classification classification = Classifier.classify(legacy, engine, NOW);
        assertThat(classification.kind()).isEqualTo(kind);
        assertThat(classification.severity()).isEqualTo(severity);
        assertThat(classification.fields()).containsExactlyElementsOf(fields);
    }

    @org.junit.jupiter.api.Test
    void absentFromBothIsAMatch() {
        assertThat(Classifier.classify(null, null, NOW)).isEqualTo(Classification.MATCH);
    }

    @org.junit.jupiter.api.Test
    void theGradeOfAnUnrevokedPairCanChangeAtTheEarliestExpiry() {
        TokenRecord sooner = TOKEN.toBuilder().expiresAt(NOW.plusSeconds(60)).build();
        assertThat(Classifier.nextRegradeMs(sooner, TOKEN, NOW.toEpochMilli())).isEqualTo(NOW.plusSeconds(60).toEpochMilli());
        TokenRecord revoked = TOKEN.toBuilder().revokedAt(NOW).build();
        assertThat(Classifier.nextRegradeMs(revoked, null, NOW.toEpochMilli())).isEqualTo(-1);
    }
}
