package dev.tandem.orchestrator.oauth;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** The {@code scope} parameter (RFC 6749 §3.3): space-delimited scope tokens of printable ASCII without '"' and '\'. */
final class Scopes {
    private Scopes() {
    }

    /** Empty when the parameter is absent; {@link OAuthError} invalid_scope when it is malformed. */
    static Optional<SortedSet<String>> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        TreeSet<String> scopes = new TreeSet<>();
        for (String token : value.split(" ", -1)) {
            if (token.isEmpty() || !token.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e))) {
                throw OAuthError.invalidScope("scope must be scope names separated by single spaces (RFC 6749 §3.3)");
            }
            scopes.add(token);
        }
        return Optional.of(Collections.unmodifiableSortedSet(scopes));
    }

    /** {@code requested} when every one is in {@code allowed}; otherwise invalid_scope naming the ones that are not. */
    static SortedSet<String> within(SortedSet<String> requested, SortedSet<String> allowed, String what) {
        TreeSet<String> extra = new TreeSet<>(requested);
        extra.removeAll(allowed);
        if (!extra.isEmpty()) {
            throw OAuthError.invalidScope("scope " + String.join(" ", extra) + " is beyond " + what);
        }
        return requested;
    }

    static SortedSet<String> intersection(SortedSet<String> a, SortedSet<String> b) {
        TreeSet<String> both = new TreeSet<>(a);
        both.retainAll(b);
        return Collections.unmodifiableSortedSet(both);
    }
}
