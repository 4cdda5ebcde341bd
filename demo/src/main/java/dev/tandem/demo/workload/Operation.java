package dev.tandem.demo.workload;

import java.util.Locale;

/** What the workload does, one HTTP request each; the summary counts served and failed requests per operation. */
public enum Operation {
    /** GET /oauth2/auth: the code flow's authorization request with PKCE S256, approved by the dev login. */
    AUTHORIZE,
    /** POST /oauth2/token, grant_type authorization_code: the code redeemed for an access and a refresh token. */
    REDEEM,
    /** POST /oauth2/token, grant_type refresh_token: a refresh, which rotates the refresh token. */
    REFRESH,
    /** POST /oauth2/introspect: a token the workload holds, answered as the ledger expects (active or not). */
    INTROSPECT,
    /** POST /oauth2/revoke: a grant's refresh token, which takes the whole grant with it. */
    REVOKE,
    /** POST /oauth2/token with a rotated (or revoked) refresh token, on purpose: must be invalid_grant, the grant revoked. */
    REPLAY;

    /** The name in the summary and its JSON, e.g. {@code introspect}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
