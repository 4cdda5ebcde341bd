package dev.tandem.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Field-by-field comparison of canonical records: the checker's, the verifier's and the tests' one definition of equal. */
public final class TokenComparison {
    private TokenComparison() {
    }

    /**
     * The fields on which {@code left} and {@code right} differ, in field order. Fields in
     * {@code coarseFields} are compared in their coarse form: pass the union of both stores'
     * {@link TokenStore#approximatedFields()}.
     */
    public static List<FieldDifference> differences(TokenRecord left, TokenRecord right, Set<TokenField> coarseFields) {
        if (!left.id().equals(right.id())) {
            throw new IllegalArgumentException("comparing records of two different ids");
        }
        List<FieldDifference> differences = new ArrayList<>();
        for (TokenField field : TokenField.values()) {
            boolean coarse = coarseFields.contains(field);
            Object l = coarse ? field.coarse(left) : field.exact(left);
            Object r = coarse ? field.coarse(right) : field.exact(right);
            if (!Objects.equals(l, r)) {
                differences.add(new FieldDifference(field, l, r));
            }
        }
        return differences;
    }

    public static List<FieldDifference> differences(TokenRecord left, TokenRecord right) {
        return differences(left, right, EnumSet.noneOf(TokenField.class));
    }

    public static boolean equivalent(TokenRecord left, TokenRecord right, Set<TokenField> coarseFields) {
        return differences(left, right, coarseFields).isEmpty();
    }
}
