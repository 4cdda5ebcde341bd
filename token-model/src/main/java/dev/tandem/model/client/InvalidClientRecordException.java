package dev.tandem.model.client;

/**
 * A client record, or a part of one, that breaks the canonical rules. The message names the field
 * (as the model spells it), the value (never a secret) and what is valid.
 */
public class InvalidClientRecordException extends IllegalArgumentException {
    private final String field;

    public InvalidClientRecordException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
