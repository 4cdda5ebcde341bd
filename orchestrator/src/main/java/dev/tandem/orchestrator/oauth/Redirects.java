package dev.tandem.orchestrator.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Locations the authorization endpoint sends the user agent to: a URL with parameters added to its query. */
final class Redirects {
    private Redirects() {
    }

    /** {@code base} with {@code keysAndValues} appended to its query in order, form-encoded; a null value is left out. */
    static String location(String base, String... keysAndValues) {
        StringBuilder location = new StringBuilder(base);
        char separator = base.indexOf('?') >= 0 ? '&' : '?';
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                location.append(separator).append(keysAndValues[i]).append('=')
                        .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        return location.toString();
    }

    /** Back to the client with an error (RFC 6749 §4.1.2.1), its state and the issuer (RFC 9207). */
    static String error(String redirectUri, OAuthError error, String state, String issuer) {
        return location(redirectUri, "error", error.error(), "error_description", error.description(), "state", state, "iss", issuer);
    }
}
