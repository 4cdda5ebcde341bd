package dev.tandem.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three kinds of token the store holds. The wire name is what the API and the change topics use. */
public enum TokenKind {
    ACCESS_TOKEN("access_token"),
    REFRESH_TOKEN("refresh_token"),
    AUTHORIZATION_CODE("authorization_code");

    private final String wireName;

    TokenKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses a wire name, naming the valid ones when it is not one of them. */
    public static TokenKind fromWireName(String value) {
        for (TokenKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new InvalidTokenRecordException("kind", "\"" + value + "\" is not a token kind (valid: " + validNames() + ")");
    }

    static String validNames() {
        return Arrays.stream(values()).map(TokenKind::wireName).collect(Collectors.joining(", "));
    }
}
