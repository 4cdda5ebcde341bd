package dev.tandem.verification.compare;

import dev.tandem.model.FieldDifference;
import dev.tandem.model.TokenComparison;
import dev.tandem.model.TokenField;
import dev.tandem.verification.Difference;
import dev.tandem.verification.DifferenceKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Compares two stores' records of one chunk, id by id, with {@link TokenComparison}. */
public final class RecordComparison {
    /**
     * Fields compared coarsely: the union of both stores' approximations, which is
     * {@code LegacyTokenStore.approximatedFields()} (revocation is a flag there) and nothing from the
     * engine. Spelled out because building a store here would need its pool; VerificationIT checks
     * that it matches the stores.
     */
    public static final Set<TokenField> COARSE_FIELDS = Set.copyOf(EnumSet.of(TokenField.REVOKED_AT));
    /** What each side shows of a record: the engine every field exactly, legacy revocation as a flag. */
    public static final Set<TokenField> LEGACY_APPROXIMATED = COARSE_FIELDS;

    private RecordComparison() {
    }

    /** Every difference between the two sides, in id order; with the number of distinct ids looked at. */
    public static Result compare(Map<String, SideRecord> legacy, Map<String, SideRecord> engine) {
        TreeSet<String> ids = new TreeSet<>(legacy.keySet());
        ids.addAll(engine.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String id : ids) {
            SideRecord l = legacy.get(id);
            SideRecord e = engine.get(id);
            Map<String, Object> lJson = l == null || l.record() == null ? null : CanonicalJson.of(l.record(), LEGACY_APPROXIMATED);
            Map<String, Object> eJson = e == null || e.record() == null ? null : CanonicalJson.of(e.record(), Set.of());
            if (l != null && l.unreadable() != null) {
                differences.add(new Difference(id, DifferenceKind.UNREADABLE_IN_LEGACY, List.of(), null, eJson, l.unreadable()));
            } else if (e != null && e.unreadable() != null) {
                differences.add(new Difference(id, DifferenceKind.UNREADABLE_IN_ENGINE, List.of(), lJson, null, e.unreadable()));
            } else if (e == null) {
                differences.add(new Difference(id, DifferenceKind.MISSING_IN_ENGINE, List.of(), lJson, null, null));
            } else if (l == null) {
                differences.add(new Difference(id, DifferenceKind.MISSING_IN_LEGACY, List.of(), null, eJson, null));
            } else {
                List<FieldDifference> fields = TokenComparison.differences(l.record(), e.record(), COARSE_FIELDS);
                if (!fields.isEmpty()) {
                    differences.add(new Difference(id, DifferenceKind.FIELD_MISMATCH,
                            fields.stream().map(field -> field.field().jsonName()).toList(), lJson, eJson, null));
                }
            }
        }
        return new Result(ids.size(), differences);
    }

    public record Result(long idsCompared, List<Difference> differences) {
    }
}
