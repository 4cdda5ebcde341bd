package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.FieldDifference;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Classifies and grades a pair of canonical records: pure, so that the table of cases is a unit test. */
public final class Classifier {

    /**
     * The union of both stores' approximated fields: legacy keeps only an {@code active} flag, so
     * revocation times compare as revoked-or-not. Kept in step with
     * {@code LegacyTokenStore.approximatedFields()} and {@code EngineTokenStore.approximatedFields()}.
     */
    public static final Set<TokenField> COARSE_FIELDS = Collections.unmodifiableSet(EnumSet.of(TokenField.REVOKED_AT));

    /**
     * Fields that say who may use a token for what. {@code KIND} is here too, although no store lets
     * a token change kind: were it ever to differ, the token would be accepted at different endpoints.
     */
    public static final Set<TokenField> MAJOR_FIELDS = Collections.unmodifiableSet(EnumSet.of(
            TokenField.KIND, TokenField.SCOPES, TokenField.SUBJECT, TokenField.CLIENT_ID, TokenField.FAMILY_ID));

    private Classifier() {
    }

    /**
     * @param legacy the legacy store's record; null when it does not hold the token
     * @param engine the engine's record; null when it does not hold the token
     * @param now    the moment at which usability (revoked, expired) is judged
     */
    public static Classification classify(TokenRecord legacy, TokenRecord engine, Instant now) {
        if (legacy == null && engine == null) {
            return Classification.MATCH;
        }
        if (engine == null) {
            return new Classification(VerdictKind.MISSING_IN_ENGINE, legacy.isActiveAt(now) ? Severity.CRITICAL : Severity.MINOR, List.of());
        }
        if (legacy == null) {
            return new Classification(VerdictKind.MISSING_IN_LEGACY, engine.isActiveAt(now) ? Severity.CRITICAL : Severity.MINOR, List.of());
        }
        List<FieldDifference> differences = TokenComparison.differences(legacy, engine, COARSE_FIELDS);
        if (differences.isEmpty()) {
            return Classification.MATCH;
        }
        List<TokenField> fields = differences.stream().map(FieldDifference::field).toList();
        return new Classification(VerdictKind.FIELD_MISMATCH, grade(legacy, engine, fields, now), fields);
    }

    private static Severity grade(TokenRecord legacy, TokenRecord engine, List<TokenField> fields, Instant now) {
        if (legacy.isActiveAt(now) != engine.isActiveAt(now)) {
            return Severity.CRITICAL;
        }
        return fields.stream().anyMatch(MAJOR_FIELDS::contains) ? Severity.MAJOR : Severity.MINOR;
    }

    /**
     * The next moment after {@code now} at which the grade of this pair can change without a new
     * event (a token expiring on one side), or -1 when none can come.
     */
    public static long nextRegradeMs(TokenRecord legacy, TokenRecord engine, long nowMs) {
        long next = -1;
        for (TokenRecord record : new TokenRecord[]{legacy, engine}) {
            if (record != null && !record.isRevoked() && !record.deleted()) {
                long expiry = record.expiresAt().toEpochMilli();
                if (expiry > nowMs && (next < 0 || expiry < next)) {
                    next = expiry;
                }
            }
        }
        return next;
    }
}
