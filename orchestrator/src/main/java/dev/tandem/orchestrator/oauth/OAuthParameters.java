package dev.tandem.orchestrator.oauth;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one OAuth request, from the query or an {@code application/x-www-form-urlencoded}
 * body. RFC 6749 §3.1 and §3.2: a parameter sent twice is {@code invalid_request}, and one sent empty
 * counts as absent. No value is ever put into an error: any of them may be a secret.
 */
final class OAuthParameters {
    static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX_PARAMETERS = 64;

    private final Map<String, List<String>> values;

    private OAuthParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Decodes a raw (still percent-encoded) query string; a malformed one is {@code invalid_request}. */
    static OAuthParameters query(String rawQuery) {
        return decode(rawQuery, "the query string is not valid " + FORM);
    }

    /** Decodes a form body; a missing or other content type, or a malformed body, is {@code invalid_request}. */
    static OAuthParameters form(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            throw OAuthError.invalidRequest("the body must be " + FORM + " (RFC 6749 §3.2)");
        }
        return decode(body, "the body is not valid " + FORM);
    }

    private static OAuthParameters decode(String encoded, String malformed) {
        try {
            return new OAuthParameters(new QueryStringDecoder(encoded == null ? "" : encoded, StandardCharsets.UTF_8, false,
                    MAX_PARAMETERS).parameters());
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest(malformed);
        }
    }

    /** The value, or null when absent or empty. */
    String get(String name) {
        List<String> all = values.get(name);
        if (all == null || all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw OAuthError.invalidRequest(name + " is sent more than once (RFC 6749 §3.1)");
        }
        String value = all.get(0);
        return value.isEmpty() ? null : value;
    }

    String require(String name) {
        String value = get(name);
        if (value == null) {
            throw OAuthError.invalidRequest(name + " is required");
        }
        return value;
    }
}
