package dev.tandem.model;

/** One field on which two canonical records disagree, with both values as compared. */
public record FieldDifference(TokenField field, Object left, Object right) {
    @Override
    public String toString() {
        return field.jsonName() + ": " + left + " != " + right;
    }
}
