package dev.tandem.orchestrator.oauth;

import java.util.SortedSet;

/**
 * A successful token response (RFC 6749 §5.1). Holds bearer secrets: it goes to the client once and
 * into no log, so its {@code toString} shows none of them.
 *
 * @param refreshToken null when the client may not refresh
 */
public record IssuedTokens(String accessToken, long expiresIn, String refreshToken, SortedSet<String> scopes) {

    @Override
    public String toString() {
        return "IssuedTokens[expiresIn=" + expiresIn + " refresh=" + (refreshToken != null) + " scopes=" + scopes + "]";
    }
}
