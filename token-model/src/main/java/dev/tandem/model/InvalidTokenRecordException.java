package dev.tandem.model;

/**
 * A token record, or a part of one, that breaks the canonical rules. The message names the field,
 * the value (never a secret: ids are hashes) and what is valid, so it can go to a caller as it is.
 */
public class InvalidTokenRecordException extends IllegalArgumentException {
    private final String field;

    public InvalidTokenRecordException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The name of the offending field, as the API spells it. */
    public String field() {
        return field;
    }
}
