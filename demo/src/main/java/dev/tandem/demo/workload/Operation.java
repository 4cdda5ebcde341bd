package dev.tandem.demo.workload;

import java.util.Locale;

/** What the workload does, one HTTP request each; the summary counts served and failed requests per operation. */
public enum Operation {
    /** PUT /v1/tokens/{id}: a new access token. */
    ISSUE_ACCESS,
    /** PUT /v1/tokens/{id}: an authorization code with a PKCE S256 challenge. */
    ISSUE_CODE,
    /** PUT /v1/tokens/{id}: the first refresh token of a new family. */
    ISSUE_REFRESH,
    /** GET /v1/tokens/{id}: a token the workload wrote, checked against what it wrote. */
    READ,
    /** PUT /v1/tokens/{id}: the next refresh token of a family (refresh-chain rotation). */
    ROTATE_REFRESH,
    /** POST /v1/tokens/{id}/revoke: the refresh token a rotation replaced. */
    REVOKE_TOKEN,
    /** POST /v1/families/{familyId}/revoke: a whole refresh chain. */
    REVOKE_FAMILY;

    /** The name in the summary and its JSON, e.g. {@code issue_access}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
