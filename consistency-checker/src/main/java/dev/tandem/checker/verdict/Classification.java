package dev.tandem.checker.verdict;

import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.TokenField;

import java.util.List;

/**
 * The comparison of one token id at one moment.
 *
 * @param kind     match or the kind of divergence
 * @param severity null for a match
 * @param fields   the differing fields of a {@link VerdictKind#FIELD_MISMATCH}; empty otherwise
 */
public record Classification(VerdictKind kind, Severity severity, List<TokenField> fields) {

    public static final Classification MATCH = new Classification(VerdictKind.MATCH, null, List.of());

    public Classification {
        fields = List.copyOf(fields);
        if ((kind == VerdictKind.MATCH) != (severity == null)) {
            throw new IllegalArgumentException("a match has no severity and a divergence has one");
        }
    }

    public boolean divergent() {
        return kind != VerdictKind.MATCH;
    }
}
