package dev.tandem.verification;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.testing.RandomTokens;
import dev.tandem.verification.compare.RecordComparison;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Verification against real MariaDB and PostgreSQL: planted differences are found, exactly, and equal stores are clean. */
class VerificationIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private StorePair stores;
    private Verification verification;

    @BeforeEach
    void setUp() throws Exception {
        stores = new StorePair();
    }

    @AfterEach
    void tearDown() {
        if (verification != null) {
            verification.close();
        }
        stores.close();
    }

    @Test
    void equalStoresGiveACleanReportWithEveryRowCompared() throws Exception {
        List<TokenRecord> records = seed(60, 11);
        // What legacy keeps beside Tandem's fields, and how it spells scopes, is no difference.
        TokenRecord spelled = records.stream().filter(record -> record.scopes().size() >= 2).findFirst().orElseThrow();
        stores.legacySql("UPDATE " + table(spelled) + " SET granted_scope = ? WHERE signature = ?",
                "  " + String.join("\t ", new java.util.TreeSet<>(spelled.scopes()).descendingSet()) + " ", spelled.id());
        stores.legacySql("UPDATE " + table(records.get(1)) + " SET requested_audience = 'https://elsewhere.example',"
                + " scope = 'something else' WHERE signature = ?", records.get(1).id());

        // Spellings the old server used for the same values: an expiry at another offset with nanoseconds,
        // and a PKCE challenge whose method is left out (which means plain).
        TokenRecord offset = records.get(2);
        String key = LegacyTable.of(offset.kind()).expiresAtKey();
        stores.legacySql("UPDATE " + table(offset) + " SET session_data = JSON_SET(session_data, '$.expires_at." + key
                + "', ?) WHERE signature = ?", offset.expiresAt().plusNanos(999_999_999)
                .atOffset(java.time.ZoneOffset.ofHoursMinutes(-9, -30)).toString(), offset.id());
        TokenRecord plain = live(new RandomTokens(99).record(TokenKind.AUTHORIZATION_CODE)).toBuilder()
                .codeChallenge("plain-verifier-" + "z".repeat(40), PkceMethod.PLAIN).build();
        stores.writeBoth(plain);
        records.add(plain);
        assertThat(stores.legacySql("UPDATE " + table(plain) + " SET form_data = REPLACE(form_data, '&code_challenge_method=plain', '')"
                + " WHERE signature = ?", plain.id())).isEqualTo(1);

        VerificationReport report = runToEnd("SHADOW_READ", 8);

        assertThat(report.differences()).isEmpty();
        assertThat(chunksComparedRecordByRecord(report.status().runId()))
                .as("the SQL checksums of both stores agree on equal records").isZero();
        assertThat(report.status().clean()).isTrue();
        assertThat(report.status().state()).isEqualTo(VerificationState.DONE);
        assertThat(report.status().rowsCompared()).isEqualTo(records.size());
        assertThat(report.status().chunksDone()).isEqualTo(8);
        assertThat(report.status().phase()).isEqualTo("SHADOW_READ");
        assertThat(report.status().finishedAt()).isNotNull();
        assertThat(report.status().isFresh(Duration.ofMinutes(5), "SHADOW_READ")).isTrue();
        assertThat(report.status().isFresh(Duration.ofMinutes(5), "WRITE_ENGINE")).isFalse();
    }

    @Test
    void tokensExpiredBeforeTheRunAreComparedByNoOne() throws Exception {
        RandomTokens random = new RandomTokens(31);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TokenRecord live = random.record(TokenKind.ACCESS_TOKEN).toBuilder().issuedAt(now.minusSeconds(60))
                .expiresAt(now.plusSeconds(3600)).revokedAt(null).build();
        stores.writeBoth(live);
        // The backfill leaves expired tokens behind: legacy holds them, the engine never will.
        TokenRecord expired = random.record(TokenKind.REFRESH_TOKEN).toBuilder().issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(60)).revokedAt(null).build();
        stores.legacy().upsert(expired).await().atMost(Duration.ofSeconds(30));

        VerificationReport report = runToEnd("DUAL_WRITE", 4);

        assertThat(report.differences()).isEmpty();
        assertThat(report.status().rowsCompared()).isEqualTo(1);
    }

    @Test
    void reportListsExactlyThePlantedDifferencesWithKindAndFields() throws Exception {
        RandomTokens random = new RandomTokens(23);
        List<TokenRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(live(random.record()));
        }
        // Fixed shapes for the fields that only some random records have.
        TokenRecord access = live(random.record(TokenKind.ACCESS_TOKEN)).toBuilder().revokedAt(null).build();
        TokenRecord unrevoked = live(random.record(TokenKind.REFRESH_TOKEN)).toBuilder().revokedAt(null).build();
        TokenRecord code = live(random.record(TokenKind.AUTHORIZATION_CODE)).toBuilder()
                .codeChallenge("challenge-" + "a".repeat(33), PkceMethod.S256).build();
        TokenRecord plainCode = live(random.record(TokenKind.AUTHORIZATION_CODE)).toBuilder()
                .codeChallenge("verifier-" + "b".repeat(40), PkceMethod.PLAIN).build();
        records.addAll(List.of(access, unrevoked, code, plainCode));
        records.forEach(stores::writeBoth);

        Map<String, Expected> expected = new LinkedHashMap<>();
        TokenRecord r0 = records.get(0);
        stores.engineSql("DELETE FROM oauth_token WHERE id = ?", r0.id());
        expected.put(r0.id(), new Expected(DifferenceKind.MISSING_IN_ENGINE));
        TokenRecord r1 = records.get(1);
        stores.legacySql("DELETE FROM " + table(r1) + " WHERE signature = ?", r1.id());
        expected.put(r1.id(), new Expected(DifferenceKind.MISSING_IN_LEGACY));
        TokenRecord r2 = records.get(2);
        stores.engineSql("UPDATE oauth_token SET scopes = array_append(scopes, 'planted:scope') WHERE id = ?", r2.id());
        expected.put(r2.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "scopes"));
        TokenRecord r3 = records.get(3);
        stores.legacySql("UPDATE " + table(r3) + " SET subject = 'someone-else' WHERE signature = ?", r3.id());
        expected.put(r3.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "subject"));
        TokenRecord r4 = records.get(4);
        stores.engineSql("UPDATE oauth_token SET client_id = 'another-client' WHERE id = ?", r4.id());
        expected.put(r4.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "clientId"));
        TokenRecord r5 = records.get(5);
        stores.legacySql("UPDATE " + table(r5) + " SET request_id = 'another-family' WHERE signature = ?", r5.id());
        expected.put(r5.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "familyId"));
        TokenRecord r6 = records.get(6);
        stores.engineSql("UPDATE oauth_token SET expires_at = expires_at + interval '1 hour' WHERE id = ?", r6.id());
        expected.put(r6.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "expiresAt"));
        TokenRecord r7 = records.get(7);
        stores.legacySql("UPDATE " + table(r7) + " SET requested_at = requested_at - INTERVAL 1 SECOND WHERE signature = ?", r7.id());
        expected.put(r7.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "issuedAt"));
        TokenRecord r8 = records.get(8);
        stores.engineSql("UPDATE oauth_token SET version = version + 1 WHERE id = ?", r8.id());
        expected.put(r8.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "version"));
        stores.engineSql("UPDATE oauth_token SET kind = 'refresh_token' WHERE id = ?", access.id());
        expected.put(access.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "kind"));
        stores.engineSql("UPDATE oauth_token SET revoked_at = issued_at + interval '5 seconds' WHERE id = ?", unrevoked.id());
        expected.put(unrevoked.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "revokedAt"));
        stores.engineSql("UPDATE oauth_token SET code_challenge = 'challenge-' || repeat('c', 33) WHERE id = ?", code.id());
        expected.put(code.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "codeChallenge"));
        stores.legacySql("UPDATE " + table(plainCode) + " SET form_data = REPLACE(form_data, 'code_challenge_method=plain',"
                + " 'code_challenge_method=S256') WHERE signature = ?", plainCode.id());
        expected.put(plainCode.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "codeChallengeMethod"));
        // Revoked in legacy only: the flag is all legacy keeps, and it is enough to differ.
        TokenRecord r9 = records.stream().skip(9).filter(record -> !record.isRevoked() && !expected.containsKey(record.id()))
                .findFirst().orElseThrow();
        stores.legacySql("UPDATE " + table(r9) + " SET active = 0 WHERE signature = ?", r9.id());
        expected.put(r9.id(), new Expected(DifferenceKind.FIELD_MISMATCH, "revokedAt"));
        // A row the mapping cannot read is reported, not skipped.
        TokenRecord broken = records.stream().skip(10).filter(record -> !expected.containsKey(record.id())).findFirst().orElseThrow();
        stores.legacySql("UPDATE " + table(broken) + " SET session_data = '{\"expires_at\":{}}' WHERE signature = ?", broken.id());
        expected.put(broken.id(), new Expected(DifferenceKind.UNREADABLE_IN_LEGACY));

        VerificationReport report = runToEnd("DUAL_WRITE", 4);

        Map<String, Expected> found = new LinkedHashMap<>();
        report.differences().forEach(difference ->
                found.put(difference.id(), new Expected(difference.kind(), difference.fields().toArray(String[]::new))));
        assertThat(found).isEqualTo(expected);
        assertThat(report.status().differences()).isEqualTo(expected.size());
        assertThat(report.status().clean()).isFalse();
        assertThat(report.status().rowsCompared()).isEqualTo(records.size());

        Difference scopes = difference(report, r2.id());
        assertThat(scopes.legacy().get("scopes")).isEqualTo(List.copyOf(r2.scopes()));
        assertThat(scopes.engine().get("scopes").toString()).contains("planted:scope");
        assertThat(difference(report, r0.id()).engine()).isNull();
        assertThat(difference(report, r0.id()).legacy()).containsEntry("clientId", r0.clientId());
        assertThat(difference(report, r1.id()).legacy()).isNull();
        assertThat(difference(report, broken.id()).detail()).contains("expires_at").doesNotContain("{");
        String json = report.toJson();
        assertThat(json).doesNotContain(plainCode.codeChallenge()).doesNotContain(code.codeChallenge())
                .contains("sha256:" + dev.tandem.model.TokenId.hashOf(plainCode.codeChallenge()));
        assertThat(json).contains("\"kind\" : \"missing_in_engine\"", "\"fields\" : [ \"scopes\" ]", r2.id());
    }

    @Test
    void coarseFieldsAreTheStoresOwnApproximations() {
        Set<TokenField> union = EnumSet.noneOf(TokenField.class);
        union.addAll(stores.legacy().approximatedFields());
        union.addAll(stores.engine().approximatedFields());
        assertThat(RecordComparison.COARSE_FIELDS).isEqualTo(union);
    }

    @Test
    void oneRunAtATimeAndAnotherPhaseAbandonsTheUnfinishedRun() throws Exception {
        seed(20, 5);
        verification = new Verification(stores.legacySource, stores.engineSource,
                VerificationSettings.defaults().withThreads(1).withChunks(400).withPause(Duration.ofMillis(20)));
        long first = verification.start("SHADOW_READ");
        try (Verification other = new Verification(stores.legacySource, stores.engineSource, VerificationSettings.defaults())) {
            assertThatThrownBy(() -> other.start("SHADOW_READ"))
                    .isInstanceOf(VerificationBusyException.class)
                    .hasMessageContaining("run " + first);
        }
        assertThat(verification.status(first).orElseThrow().active()).isTrue();
        verification.close();
        verification = new Verification(stores.legacySource, stores.engineSource,
                VerificationSettings.defaults().withChunks(16));
        long second = verification.start("WRITE_ENGINE");
        assertThat(second).isNotEqualTo(first);
        VerificationStatus abandoned = verification.status(first).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(VerificationState.FAILED);
        assertThat(abandoned.error()).contains("phase changed from SHADOW_READ to WRITE_ENGINE");
        await().atMost(RUN_TIMEOUT).until(() -> verification.status(second).orElseThrow().state() == VerificationState.DONE);
        assertThat(verification.status().orElseThrow().runId()).isEqualTo(second);
        assertThatThrownBy(() -> verification.start(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phase");
    }

    /** {@code record} moved in time so that it is live now: expired tokens are compared by no one. */
    private static TokenRecord live(TokenRecord record) {
        Instant issued = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3600);
        Duration shift = Duration.between(record.issuedAt(), issued);
        return record.toBuilder().issuedAt(issued).expiresAt(record.expiresAt().plus(shift).plusSeconds(7200))
                .revokedAt(record.revokedAt() == null ? null : record.revokedAt().plus(shift)).build();
    }

    private List<TokenRecord> seed(int count, long seed) {
        RandomTokens random = new RandomTokens(seed);
        List<TokenRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TokenRecord record = live(random.record());
            stores.writeBoth(record);
            records.add(record);
        }
        return records;
    }

    private VerificationReport runToEnd(String phase, int chunks) {
        verification = new Verification(stores.legacySource, stores.engineSource,
                VerificationSettings.defaults().withChunks(chunks));
        long runId = verification.start(phase);
        await().atMost(RUN_TIMEOUT).until(() -> verification.status(runId).orElseThrow().state() != VerificationState.RUNNING);
        VerificationReport report = verification.report(runId);
        assertThat(report.status().state()).as("run %d: %s", runId, report.status().error()).isEqualTo(VerificationState.DONE);
        return report;
    }

    private long chunksComparedRecordByRecord(long runId) throws java.sql.SQLException {
        try (java.sql.Connection connection = stores.engineSource.open();
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM verification_chunk WHERE run_id = ? AND compared_records")) {
            statement.setLong(1, runId);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Difference difference(VerificationReport report, String id) {
        return report.differences().stream().filter(difference -> difference.id().equals(id)).findFirst().orElseThrow();
    }

    private static String table(TokenRecord record) {
        return LegacyTable.of(record.kind()).tableName();
    }

    private record Expected(DifferenceKind kind, List<String> fields) {
        Expected(DifferenceKind kind, String... fields) {
            this(kind, List.of(fields));
        }
    }

}
