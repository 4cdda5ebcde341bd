package dev.tandem.contract.verdict;

/**
 * How much a divergence matters, most severe first.
 * <ul>
 *   <li>{@code critical}: the stores disagree on whether the token is usable now (revoked or active,
 *       expired or not, a usable token held by one store only);</li>
 *   <li>{@code major}: they agree on that but disagree on who may use it for what (scopes, subject,
 *       client, refresh family, kind);</li>
 *   <li>{@code minor}: everything else (times, PKCE data, version, or a token missing on one side
 *       that is unusable anyway).</li>
 * </ul>
 */
public enum Severity {
    CRITICAL("critical"),
    MAJOR("major"),
    MINOR("minor");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Severity fromWireName(String value) {
        for (Severity severity : values()) {
            if (severity.wireName.equals(value)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("severity \"" + value + "\" is not one of critical, major, minor");
    }
}
