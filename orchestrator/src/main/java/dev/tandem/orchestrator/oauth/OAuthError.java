package dev.tandem.orchestrator.oauth;

/**
 * An OAuth error as RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization endpoint) name it: the
 * code, a description for the developer (never a token, code, verifier or secret), and the HTTP status.
 * A value that travels as an exception so that a grant can stop anywhere; {@link OAuthResponses} writes it.
 */
public final class OAuthError extends RuntimeException {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type";
    public static final String UNSUPPORTED_TOKEN_TYPE = "unsupported_token_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String SERVER_ERROR = "server_error";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private final String error;
    private final int status;
    /** invalid_client only: the client authenticated with HTTP Basic, so the 401 names the scheme (RFC 6749 §5.2). */
    private final boolean basicChallenge;

    private OAuthError(String error, String description, int status, boolean basicChallenge) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.basicChallenge = basicChallenge;
    }

    public static OAuthError of(String error, String description) {
        return new OAuthError(error, description, 400, false);
    }

    public static OAuthError invalidRequest(String description) {
        return of(INVALID_REQUEST, description);
    }

    public static OAuthError invalidGrant(String description) {
        return of(INVALID_GRANT, description);
    }

    public static OAuthError invalidScope(String description) {
        return of(INVALID_SCOPE, description);
    }

    public static OAuthError unauthorizedClient(String description) {
        return of(UNAUTHORIZED_CLIENT, description);
    }

    /** 401; with {@code WWW-Authenticate: Basic} when the client tried Basic. */
    public static OAuthError invalidClient(String description, boolean basic) {
        return new OAuthError(INVALID_CLIENT, description, 401, basic);
    }

    public static OAuthError serverError(String description) {
        return new OAuthError(SERVER_ERROR, description, 500, false);
    }

    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError(TEMPORARILY_UNAVAILABLE, description, 503, false);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public int status() {
        return status;
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }

    @Override
    public String toString() {
        return "OAuthError[" + error + ": " + getMessage() + "]";
    }
}
