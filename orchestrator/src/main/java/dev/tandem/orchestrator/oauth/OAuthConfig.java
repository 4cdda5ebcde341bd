package dev.tandem.orchestrator.oauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * The OAuth 2.0 authorization server ({@code tandem.oauth.*}). Every key is optional; its default is below.
 * The limits (an access token lives at most an hour, a code at most ten minutes) are checked at start by
 * {@link OAuthSettings}, which refuses a value beyond them.
 */
@ConfigMapping(prefix = "tandem.oauth")
public interface OAuthConfig {
    String ISSUER = "tandem.oauth.issuer";
    String LOGIN = "tandem.oauth.login";
    String LOGIN_URL = "tandem.oauth.login-url";
    String CONSENT_URL = "tandem.oauth.consent-url";
    String SECRET_HASH_ITERATIONS = "tandem.oauth.secret-hash-iterations";
    String ACCESS_TOKEN_LIFETIME_SECONDS = "tandem.oauth.access-token-lifetime-seconds";
    String CODE_LIFETIME_SECONDS = "tandem.oauth.code-lifetime-seconds";
    String REFRESH_TOKEN_LIFETIME_SECONDS = "tandem.oauth.refresh-token-lifetime-seconds";
    String KEY_ENCRYPTION_KEY = "tandem.oauth.signing.key-encryption-key";

    /**
     * The issuer identifier (RFC 8414 §2): the URL clients reach this server at, with no query or
     * fragment. It is the {@code iss} of every signed access token and of every authorization response
     * (RFC 9207), so every instance behind one address must have the same one. Not derived from a
     * request's Host header: a client could then choose the issuer.
     */
    @WithDefault("http://127.0.0.1:8080")
    String issuer();

    /**
     * How a user logs in at {@code /oauth2/auth}: {@code challenge} hands the request to an external
     * login app and then a consent app, as Ory Hydra does ({@code login-url}, {@code consent-url}; the
     * apps accept or reject through {@code /admin/oauth2/auth/requests}, and the challenges are sealed
     * with a key derived from {@code tandem.oauth.signing.key-encryption-key}, which is then required);
     * {@code dev} approves at once with the subject from {@code login_hint} (the local stack and the
     * tests); {@code none} refuses every authorization request with {@code access_denied}. {@code dev}
     * is refused in the {@code prod} profile: the instance does not start.
     */
    @WithDefault("none")
    String login();

    /**
     * The external login app, for {@code login=challenge} (required then, unused otherwise): an absolute
     * http(s) URL without fragment. {@code /oauth2/auth} redirects the user there with
     * {@code login_challenge}; the app logs the user in and accepts the challenge through
     * {@code PUT /admin/oauth2/auth/requests/login/accept}. The challenge expires with
     * {@code code-lifetime-seconds}.
     */
    Optional<String> loginUrl();

    /**
     * The external consent app, for {@code login=challenge} (required then, unused otherwise): an absolute
     * http(s) URL without fragment. After the login the user is redirected there with
     * {@code consent_challenge}; the app grants some or all of the requested scopes through
     * {@code PUT /admin/oauth2/auth/requests/consent/accept}. May be the login app's own address.
     */
    Optional<String> consentUrl();

    /**
     * PBKDF2-HMAC-SHA256 iterations for a new client secret's hash (at least 10000). Each verification
     * costs this many HMACs, which is what makes a stolen hash expensive to brute-force; OWASP's 2023
     * guidance for PBKDF2-SHA256 is 600000, but secrets are 256 random bits (no dictionary to try), so the
     * default keeps a token request near 50 ms of one core. Stored hashes carry their own count, so a
     * change applies to secrets created or rotated afterwards.
     */
    @WithDefault("100000")
    int secretHashIterations();

    /** How long an access token is valid, in seconds (1 to 3600). */
    @WithDefault("3600")
    long accessTokenLifetimeSeconds();

    /** How long an authorization code may wait for its redemption, in seconds (1 to 600, RFC 6749 §4.1.2). */
    @WithDefault("600")
    long codeLifetimeSeconds();

    /** How long a refresh token is valid, in seconds (at least 1); each refresh issues a new one. */
    @WithDefault("2592000")
    long refreshTokenLifetimeSeconds();

    /** The {@code scopes_supported} of the server metadata (RFC 8414); a client may be granted only its registered scopes. */
    @WithDefault("openid,offline_access")
    List<String> scopesSupported();

    /** Access-token signing (Ed25519, while the engine is primary). */
    Signing signing();

    interface Signing {
        /**
         * The AES-256 key that seals the signing keys in the engine's {@code signing_key} table: 32 random
         * bytes, base64 ({@code openssl rand -base64 32}); the same on every instance. A secret: set it
         * from the environment ({@code TANDEM_OAUTH_SIGNING_KEY_ENCRYPTION_KEY}). Without it no access
         * token can be signed, so the token endpoint answers {@code server_error} while the engine is
         * primary, and the JWKS is empty. Required with {@code login=challenge}: the login and consent
         * challenges are sealed under keys derived from it (HKDF-SHA256, one per step).
         */
        Optional<String> keyEncryptionKey();

        /** How often, in seconds (at least 1), an instance reloads the signing keys that other instances may have rotated in. */
        @WithDefault("60")
        long reloadIntervalSeconds();
    }
}
