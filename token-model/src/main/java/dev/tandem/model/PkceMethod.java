package dev.tandem.model;

/** PKCE code challenge methods (RFC 7636). */
public enum PkceMethod {
    S256("S256"),
    PLAIN("plain");

    private final String wireName;

    PkceMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PkceMethod fromWireName(String value) {
        for (PkceMethod method : values()) {
            if (method.wireName.equals(value)) {
                return method;
            }
        }
        throw new InvalidTokenRecordException("codeChallengeMethod", "\"" + value + "\" is not a PKCE method (valid: S256, plain)");
    }
}
