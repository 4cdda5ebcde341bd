package dev.tandem.orchestrator;

/** The names that the OpenAPI annotations share (package-info.java declares them), so that none is mistyped. */
public final class OpenApiNames {
    public static final String OAUTH = "OAuth 2.0";
    public static final String DISCOVERY = "Discovery";
    public static final String APPS = "Apps";
    public static final String MIGRATION = "Migration";
    public static final String CONSISTENCY = "Consistency";
    public static final String BACKFILL = "Backfill";
    public static final String SIGNING_KEYS = "Signing keys";
    public static final String LOGIN_CONSENT = "Login and consent";
    public static final String STORE = "Token store";

    public static final String ADMIN_TOKEN = "adminToken";
    public static final String CLIENT_BASIC = "clientBasic";
    /** Component responses, referred to by {@code @APIResponse(ref = …)}. */
    public static final String OAUTH_ERROR = "OAuthError";
    public static final String PROBLEM = "Problem";
    public static final String APP_CREATED = "AppCreated";
    /** The form of revocation and introspection. */
    public static final String TOKEN_FORM = "TokenForm";
    /** The body of every app registration. */
    public static final String APP_REGISTRATION = "AppRegistration";
    /** The body of a login or consent reject. */
    public static final String AUTH_REJECTION = "AuthRejection";

    private OpenApiNames() {
    }
}
