package dev.tandem.legacy.mapping;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads single parameters out of a form-encoded {@code form_data} blob. Only the parameters asked for
 * are decoded; the rest (client secrets, verifiers, redirect URIs) are never even decoded.
 * Keys are matched as written, which is how the old server (and the upsert's SQL) writes them.
 */
final class FormData {
    static final String CODE_CHALLENGE = "code_challenge";
    static final String CODE_CHALLENGE_METHOD = "code_challenge_method";

    private FormData() {
    }

    /**
     * The decoded value of the first {@code key} parameter; empty when absent or empty.
     *
     * @throws IllegalArgumentException when the value is not valid percent-encoding; the message
     *                                  names the key only
     */
    static Optional<String> parameter(String formData, String key) {
        if (formData == null || formData.isEmpty()) {
            return Optional.empty();
        }
        int start = 0;
        while (start <= formData.length()) {
            int end = formData.indexOf('&', start);
            if (end < 0) {
                end = formData.length();
            }
            int eq = formData.indexOf('=', start);
            boolean hasValue = eq >= 0 && eq < end;
            String name = formData.substring(start, hasValue ? eq : end);
            if (name.equals(key)) {
                String raw = hasValue ? formData.substring(eq + 1, end) : "";
                try {
                    String value = URLDecoder.decode(raw, StandardCharsets.UTF_8);
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                } catch (IllegalArgumentException e) {
                    // The decoder's own message quotes the value: never pass it on.
                    throw new IllegalArgumentException("form_data " + key + " is not valid form encoding");
                }
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    /** Form-encodes parameters in order, skipping null values. */
    static String encode(Map<String, String> parameters) {
        StringBuilder form = new StringBuilder();
        parameters.forEach((key, value) -> {
            if (value != null) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return form.toString();
    }

    static Map<String, String> parameters() {
        return new LinkedHashMap<>();
    }
}
