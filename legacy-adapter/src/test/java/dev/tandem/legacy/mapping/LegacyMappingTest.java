package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LegacyMappingTest {
    private static final int CASES = 2_000;
    private static final Set<TokenField> LEGACY_COARSE = Set.of(TokenField.REVOKED_AT);
    private static final String SIGNATURE = TokenId.hashOf("a-token");
    private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CLIENT_SECRET = "cs-Zx81-very-secret-client-secret";
    private static final String VERIFIER = "verifier-dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String RAW_TOKEN = "ory_at_rawTokenValueThatMustNeverLeak.abc";

    @Test
    void canonicalToRowToCanonicalKeepsEverythingLegacyHolds() {
        RandomTokens random = new RandomTokens(System.nanoTime());
        for (int i = 0; i < CASES; i++) {
            TokenRecord record = random.record();

            TokenRecord back = LegacyMapping.toCanonical(LegacyMapping.toRow(record));

            assertThat(TokenComparison.differences(record, back, LEGACY_COARSE))
                    .as("round trip of %s (seed %d)", record, random.seed())
                    .isEmpty();
            assertThat(back.revokedAt()).as("legacy keeps no revocation time: the issue time stands in")
                    .isEqualTo(record.isRevoked() ? record.issuedAt() : null);
        }
    }

    @Test
    void rowsTheOldServerWroteMapToTheTokenTheyHoldAndLeakNoSecret() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < CASES; i++) {
            OldServerRow old = OldServerRow.random(random);

            TokenRecord record = LegacyMapping.toCanonical(old.row());

            assertThat(TokenComparison.differences(old.expected(), record))
                    .as("%s (seed %d)", old.row(), seed).isEmpty();
            for (String secret : old.secrets()) {
                assertThat(record.toString()).doesNotContain(secret);
                assertThat(fieldsOf(record)).noneMatch(value -> value.contains(secret));
                assertThat(old.row().toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void scopesInAnyOrderWithExtraSpacesBecomeASortedSet() {
        LegacyRow row = row(LegacyTable.ACCESS).grantedScope("  write:tokens   openid\temail openid ").build();

        assertThat(LegacyMapping.toCanonical(row).scopes()).containsExactly("email", "openid", "write:tokens");
    }

    @Test
    void emptyGrantedScopeIsNoScope() {
        assertThat(LegacyMapping.toCanonical(row(LegacyTable.ACCESS).grantedScope("").build()).scopes()).isEmpty();
        assertThat(LegacyMapping.toCanonical(row(LegacyTable.ACCESS).grantedScope("   ").build()).scopes()).isEmpty();
    }

    @Test
    void emptyRequestIdAndSubjectAreNull() {
        TokenRecord record = LegacyMapping.toCanonical(row(LegacyTable.REFRESH).requestId("").subject("").build());

        assertThat(record.familyId()).isNull();
        assertThat(record.subject()).isNull();
        LegacyRow back = LegacyMapping.toRow(record);
        assertThat(back.requestId()).isEmpty();
        assertThat(back.subject()).isEmpty();
    }

    @Test
    void inactiveRowIsRevokedAtItsIssueTime() {
        TokenRecord record = LegacyMapping.toCanonical(row(LegacyTable.CODE).active(false).build());

        assertThat(record.revokedAt()).isEqualTo(ISSUED);
    }

    @Test
    void expiryComesFromTheKeyOfTheRowsKindAndToleratesRfc3339Forms() {
        String session = "{\"expires_at\":{\"access_token\":\"2026-03-01T12:00:00.123456789+01:00\","
                + "\"refresh_token\":\"2026-04-01T10:00:00Z\",\"authorize_code\":\"2026-03-01T10:10:00.5Z\"}}";

        assertThat(LegacyMapping.toCanonical(row(LegacyTable.ACCESS).sessionData(session).build()).expiresAt())
                .as("offset and nanoseconds; whole seconds kept").isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(LegacyMapping.toCanonical(row(LegacyTable.REFRESH).sessionData(session).build()).expiresAt())
                .isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));
        assertThat(LegacyMapping.toCanonical(row(LegacyTable.CODE).sessionData(session).build()).expiresAt())
                .isEqualTo(Instant.parse("2026-03-01T10:10:00Z"));
    }

    @ParameterizedTest
    @MethodSource("pkceForms")
    void pkceComesFromTheFormData(String formData, String challenge, PkceMethod method) {
        TokenRecord record = LegacyMapping.toCanonical(row(LegacyTable.CODE).formData(formData).build());

        assertThat(record.codeChallenge()).isEqualTo(challenge);
        assertThat(record.codeChallengeMethod()).isEqualTo(method);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> pkceForms() {
        return Stream.of(
                arguments("response_type=code&code_challenge=abc-DEF_123&code_challenge_method=S256", "abc-DEF_123", PkceMethod.S256),
                arguments("code_challenge_method=plain&code_challenge=abc%7E.x", "abc~.x", PkceMethod.PLAIN),
                arguments("code_challenge=only-a-challenge", "only-a-challenge", PkceMethod.PLAIN),
                arguments("code_challenge_method=S256", null, null),
                arguments("code_challenge=&code_challenge_method=S256", null, null),
                arguments("", null, null),
                arguments("xcode_challenge=not-this-one&code_challenger=nor-this", null, null));
    }

    /** Rows that cannot be a token: the error names table, signature and problem, and quotes no blob. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("unmappableRows")
    void unmappableRowsFailWithTableSignatureAndProblemButNoBlobContent(String problem, LegacyRow row) {
        assertThatThrownBy(() -> LegacyMapping.toCanonical(row))
                .isInstanceOf(LegacyRowException.class)
                .hasMessageContaining(row.table().tableName())
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET).doesNotContain(VERIFIER).doesNotContain(RAW_TOKEN);
                    assertThat(e.getCause()).as("no parser exception (which may quote the blob) attached").isNull();
                    assertThat(((LegacyRowException) e).retriable()).isFalse();
                });
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> unmappableRows() {
        String secretJunk = "{\"client_secret\":\"" + CLIENT_SECRET + "\",";
        return Stream.of(
                arguments("session_data is not a JSON object", row(LegacyTable.ACCESS).sessionData(secretJunk + "\"expires_at\":").build()),
                arguments("session_data is not a JSON object", row(LegacyTable.ACCESS).sessionData("[\"" + RAW_TOKEN + "\"]").build()),
                arguments("session_data is empty", row(LegacyTable.ACCESS).sessionData("").build()),
                arguments("session_data has no expires_at object", row(LegacyTable.REFRESH).sessionData(secretJunk + "\"subject\":\"x\"}").build()),
                arguments("session_data has no expires_at.refresh_token",
                        row(LegacyTable.REFRESH).sessionData("{\"expires_at\":{\"access_token\":\"2026-03-01T11:00:00Z\"},\"raw\":\"" + RAW_TOKEN + "\"}").build()),
                arguments("expires_at.access_token is not an RFC 3339 time string",
                        row(LegacyTable.ACCESS).sessionData("{\"expires_at\":{\"access_token\":1772362800}}").build()),
                arguments("expires_at.authorize_code is not an RFC 3339 time",
                        row(LegacyTable.CODE).sessionData("{\"expires_at\":{\"authorize_code\":\"" + VERIFIER + "\"}}").build()),
                arguments("expiresAt", row(LegacyTable.ACCESS).sessionData("{\"expires_at\":{\"access_token\":\"0001-01-01T00:00:00Z\"}}").build()),
                arguments("clientId", row(LegacyTable.ACCESS).clientId("").build()),
                arguments("code_challenge_method is not a PKCE method (valid: S256, plain)",
                        row(LegacyTable.CODE).formData("code_verifier=" + VERIFIER + "&code_challenge=abc&code_challenge_method=S512").build()),
                arguments("form_data code_challenge is not valid form encoding",
                        row(LegacyTable.CODE).formData("client_secret=" + CLIENT_SECRET + "&code_challenge=%zz" + VERIFIER).build()),
                arguments("a signature of " + RAW_TOKEN.length() + " characters", row(LegacyTable.ACCESS).signature(RAW_TOKEN).build()),
                arguments("requested_at is missing", row(LegacyTable.ACCESS).requestedAt(null).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z", "2100-01-01T00:00:00Z"})
    void issueTimesOutsideTheLegacyTimestampRangeAreRejected(String issuedAt) {
        TokenRecord record = record(Instant.parse(issuedAt));

        assertThatThrownBy(() -> LegacyMapping.toRow(record))
                .isInstanceOf(InvalidTokenRecordException.class)
                .hasMessageContaining("outside legacy TIMESTAMP range")
                .hasMessageContaining(issuedAt)
                .satisfies(e -> assertThat(((InvalidTokenRecordException) e).field()).isEqualTo("issuedAt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:01Z", "2038-01-19T03:14:07Z"})
    void issueTimesAtTheEdgesOfTheRangeAreHeld(String issuedAt) {
        TokenRecord record = record(Instant.parse(issuedAt));

        assertThat(LegacyMapping.toCanonical(LegacyMapping.toRow(record))).isEqualTo(record);
    }

    @Test
    void aFreshRowHoldsTandemsFieldsOnly() {
        TokenRecord record = record(ISSUED).toBuilder().kind(TokenKind.AUTHORIZATION_CODE)
                .codeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", PkceMethod.S256).build();

        LegacyRow row = LegacyMapping.toRow(record);

        assertThat(row.table()).isEqualTo(LegacyTable.CODE);
        assertThat(row.formData()).isEqualTo("code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        assertThat(row.sessionData()).isEqualTo("{\"expires_at\":{\"authorize_code\":\"2026-03-01T11:00:00Z\"},\"subject\":\"alice\"}");
        assertThat(row.scope()).isEqualTo(row.grantedScope()).isEqualTo("email openid");
    }

    @Test
    void changeEventColumnsMapLikeDriverColumns() {
        LegacyRow direct = row(LegacyTable.REFRESH).active(false).tandemVersion(42).build();
        Map<String, Object> debezium = new HashMap<>();
        debezium.put("signature", direct.signature());
        debezium.put("request_id", direct.requestId());
        debezium.put("requested_at", "2026-03-01T10:00:00Z"); // ZonedTimestamp
        debezium.put("client_id", direct.clientId());
        debezium.put("scope", direct.scope());
        debezium.put("granted_scope", direct.grantedScope());
        debezium.put("form_data", direct.formData());
        debezium.put("session_data", direct.sessionData());
        debezium.put("subject", direct.subject());
        debezium.put("active", (short) 0);
        debezium.put("tandem_version", 42L);
        Map<String, Object> driver = new HashMap<>(debezium);
        driver.put("requested_at", LocalDateTime.ofInstant(ISSUED, ZoneOffset.UTC));
        driver.put("active", Boolean.FALSE);
        driver.put("tandem_version", "42");

        assertThat(LegacyRow.fromColumns(LegacyTable.REFRESH, debezium)).isEqualTo(direct);
        assertThat(LegacyRow.fromColumns(LegacyTable.REFRESH, driver)).isEqualTo(direct);
    }

    @Test
    void rowsBeforeTheMigrationHaveVersionZero() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("signature", SIGNATURE);
        columns.put("requested_at", ISSUED);
        columns.put("active", 1);

        assertThat(LegacyRow.fromColumns(LegacyTable.ACCESS, columns).tandemVersion()).isZero();
    }

    private static TokenRecord record(Instant issuedAt) {
        return TokenRecord.builder().id(SIGNATURE).kind(TokenKind.ACCESS_TOKEN).clientId("web-app").subject("alice")
                .scopes(Set.of("openid", "email")).issuedAt(issuedAt).expiresAt(issuedAt.plusSeconds(3600)).version(7).build();
    }

    private static List<String> fieldsOf(TokenRecord record) {
        List<String> values = new ArrayList<>();
        for (TokenField field : TokenField.values()) {
            values.add(String.valueOf(field.exact(record)));
        }
        return values;
    }

    static RowBuilder row(LegacyTable table) {
        return new RowBuilder(table);
    }

    /** A valid row, with one column at a time changed by each test. */
    static final class RowBuilder {
        private final LegacyTable table;
        private String signature = SIGNATURE;
        private String requestId = "req-1";
        private Instant requestedAt = ISSUED;
        private String clientId = "web-app";
        private String grantedScope = "openid email";
        private String formData = "response_type=code&client_secret=" + CLIENT_SECRET;
        private String sessionData;
        private String subject = "alice";
        private boolean active = true;
        private long tandemVersion;

        RowBuilder(LegacyTable table) {
            this.table = table;
            this.sessionData = "{\"expires_at\":{\"" + table.expiresAtKey() + "\":\"2026-03-01T11:00:00Z\"},\"subject\":\"alice\"}";
        }

        RowBuilder signature(String v) { signature = v; return this; }
        RowBuilder requestId(String v) { requestId = v; return this; }
        RowBuilder requestedAt(Instant v) { requestedAt = v; return this; }
        RowBuilder clientId(String v) { clientId = v; return this; }
        RowBuilder grantedScope(String v) { grantedScope = v; return this; }
        RowBuilder formData(String v) { formData = v; return this; }
        RowBuilder sessionData(String v) { sessionData = v; return this; }
        RowBuilder subject(String v) { subject = v; return this; }
        RowBuilder active(boolean v) { active = v; return this; }
        RowBuilder tandemVersion(long v) { tandemVersion = v; return this; }

        LegacyRow build() {
            return new LegacyRow(table, signature, requestId, requestedAt, clientId, "openid email profile", grantedScope,
                    null, null, formData, sessionData, subject, active, null, false, tandemVersion);
        }
    }

    /**
     * A row as the old server writes it, with the record it stands for and the secrets it hides:
     * requested scope wider than granted, scopes in random order with odd spacing, extra form
     * parameters and session keys, expiries of other kinds, fractional seconds and offsets.
     */
    record OldServerRow(LegacyRow row, TokenRecord expected, List<String> secrets) {
        private static final List<String> SCOPES = List.of("openid", "profile", "email", "offline_access",
                "read:tokens", "https://api.example.com/orders.read", "payments:write");

        static OldServerRow random(Random random) {
            LegacyTable table = LegacyTable.values()[random.nextInt(3)];
            String rawToken = "ory_" + table.expiresAtKey().charAt(0) + "_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            String clientSecret = "secret-" + Long.toHexString(random.nextLong());
            String verifier = "verifier-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            Instant issued = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(random.nextInt(200_000_000));
            Instant expires = issued.plusSeconds(60 + random.nextInt(3_000_000));
            List<String> granted = new ArrayList<>(new TreeSet<>(SCOPES.subList(0, random.nextInt(SCOPES.size()))));
            Collections.shuffle(granted, random);
            String spacing = random.nextBoolean() ? " " : "  ";
            String subject = random.nextInt(10) == 0 ? "" : "user-" + random.nextInt(100_000);
            String requestId = random.nextInt(10) == 0 ? "" : Long.toHexString(random.nextLong());
            boolean active = random.nextInt(20) != 0;
            boolean pkce = table == LegacyTable.CODE && random.nextBoolean();
            String challenge = pkce ? "ch_" + Long.toHexString(random.nextLong()) : null;

            StringBuilder form = new StringBuilder("response_type=code&redirect_uri=")
                    .append(URLEncoder.encode("https://app.example.com/cb?x=1&y=2", StandardCharsets.UTF_8))
                    .append("&client_secret=").append(clientSecret)
                    .append("&code_verifier=").append(verifier)
                    .append("&access_token=").append(rawToken);
            if (pkce) {
                form.append("&code_challenge=").append(challenge).append("&code_challenge_method=S256");
            }
            String otherKind = table == LegacyTable.ACCESS ? "refresh_token" : "access_token";
            String session = "{\"id_token\":{\"raw\":\"" + rawToken + "\"},\"expires_at\":{\"" + otherKind + "\":\"2031-01-01T00:00:00Z\",\""
                    + table.expiresAtKey() + "\":\"" + expires.atOffset(ZoneOffset.ofHours(random.nextInt(5)))
                    + "\"},\"subject\":\"" + subject + "\",\"extra\":{\"client_secret\":\"" + clientSecret + "\"},\"username\":\"\"}";
            LegacyRow row = new LegacyRow(table, TokenId.hashOf(rawToken), requestId, issued, "client-" + random.nextInt(50),
                    String.join(" ", SCOPES), spacing + String.join(spacing, granted) + spacing, "aud-a", "aud-a",
                    form.toString(), session, subject, active, "challenge-" + random.nextInt(9), false, 0);
            TokenRecord expected = TokenRecord.builder().id(row.signature()).kind(table.kind()).clientId(row.clientId())
                    .subject(subject).scopes(granted).issuedAt(issued).expiresAt(expires).revokedAt(active ? null : issued)
                    .familyId(requestId).codeChallenge(challenge, pkce ? PkceMethod.S256 : null).version(0).build();
            return new OldServerRow(row, expected, List.of(rawToken, clientSecret, verifier));
        }
    }
}
