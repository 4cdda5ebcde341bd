package dev.tandem.oauth.client;

import java.util.Objects;

/**
 * What an OAuth endpoint answered: the value when it succeeded, else the HTTP status and the RFC 6749
 * error code with its description (the server keeps those free of secrets). A client-side check that
 * failed (a wrong {@code state} or {@code iss}, an answer that does not parse) is an error too, with a
 * code of its own in {@link #CLIENT_CODES}.
 */
public record OAuthAnswer<T>(int status, T value, String error, String description) {
    /** The authorization response's state is not the request's (RFC 6749 §10.12). */
    public static final String STATE_MISMATCH = "client:state_mismatch";
    /** The authorization response's iss is not the server's issuer (RFC 9207 §2.4). */
    public static final String ISSUER_MISMATCH = "client:iss_mismatch";
    /** The answer is not what the endpoint's RFC says it answers. */
    public static final String MALFORMED = "client:malformed_answer";
    public static final java.util.List<String> CLIENT_CODES = java.util.List.of(STATE_MISMATCH, ISSUER_MISMATCH, MALFORMED);

    public static <T> OAuthAnswer<T> success(int status, T value) {
        return new OAuthAnswer<>(status, Objects.requireNonNull(value, "value"), null, null);
    }

    public static <T> OAuthAnswer<T> failure(int status, String error, String description) {
        return new OAuthAnswer<>(status, null, error == null ? MALFORMED : error, description);
    }

    public boolean ok() {
        return value != null;
    }

    /** E.g. {@code HTTP 400 invalid_grant: the refresh token was used before ...}; for an answer that succeeded, its status. */
    public String describe() {
        if (ok()) {
            return "HTTP " + status;
        }
        String detail = description == null || description.isBlank() ? "" : ": " + abbreviate(description);
        return "HTTP " + status + " " + error + detail;
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
