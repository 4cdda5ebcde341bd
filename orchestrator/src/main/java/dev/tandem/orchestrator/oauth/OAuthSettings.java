package dev.tandem.orchestrator.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The validated form of {@link OAuthConfig}: what the grants read. Built once at start, so a value
 * beyond a limit stops the instance with the key, the value and what is valid.
 */
public record OAuthSettings(String issuer, Login login, int secretHashIterations, Duration accessTokenLifetime,
                            Duration codeLifetime, Duration refreshTokenLifetime, List<String> scopesSupported,
                            Optional<String> loginUrl, Optional<String> consentUrl) {
    public static final long MAX_ACCESS_TOKEN_SECONDS = 3600;
    public static final long MAX_CODE_SECONDS = 600;

    /** How a user logs in at the authorization endpoint. */
    public enum Login {
        DEV, NONE, CHALLENGE;

        public static Login parse(String value) {
            for (Login login : values()) {
                if (login.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return login;
                }
            }
            throw new IllegalArgumentException(OAuthConfig.LOGIN + " is \"" + value + "\" (valid: challenge, dev, none)");
        }
    }

    public OAuthSettings {
        issuer = Issuer.requireValid(issuer);
        if (secretHashIterations < ClientSecrets.MIN_ITERATIONS) {
            throw new IllegalArgumentException(OAuthConfig.SECRET_HASH_ITERATIONS + " is " + secretHashIterations
                    + ": expected at least " + ClientSecrets.MIN_ITERATIONS);
        }
        requireSeconds(OAuthConfig.ACCESS_TOKEN_LIFETIME_SECONDS, accessTokenLifetime, MAX_ACCESS_TOKEN_SECONDS);
        requireSeconds(OAuthConfig.CODE_LIFETIME_SECONDS, codeLifetime, MAX_CODE_SECONDS);
        requireSeconds(OAuthConfig.REFRESH_TOKEN_LIFETIME_SECONDS, refreshTokenLifetime, Long.MAX_VALUE);
        scopesSupported = List.copyOf(scopesSupported);
        loginUrl = appUrl(OAuthConfig.LOGIN_URL, login, loginUrl);
        consentUrl = appUrl(OAuthConfig.CONSENT_URL, login, consentUrl);
    }

    /**
     * The challenges are sealed under a key derived from the key-encryption key, so that every instance
     * behind one address opens what another sealed: without it there is nothing to seal them with.
     */
    public static void requireSealingKey(Login login, Optional<String> keyEncryptionKey) {
        if (login == Login.CHALLENGE && keyEncryptionKey.filter(kek -> !kek.isBlank()).isEmpty()) {
            throw new IllegalStateException(OAuthConfig.LOGIN + " is \"challenge\", but " + OAuthConfig.KEY_ENCRYPTION_KEY
                    + " is not set: the login and consent challenges are sealed with a key derived from it; set it,"
                    + " the same on every instance");
        }
    }

    /**
     * Refuses the dev login in the {@code prod} profile: it approves every authorization request for
     * whoever is named in {@code login_hint}, so a production instance with it would issue tokens to anyone.
     */
    public static void requireLoginAllowed(Login login, List<String> profiles) {
        if (login == Login.DEV && profiles.contains("prod")) {
            throw new IllegalStateException(OAuthConfig.LOGIN + " is \"dev\" in the prod profile: the dev login approves"
                    + " every authorization request without a password, so it is refused here; set " + OAuthConfig.LOGIN
                    + "=challenge with an external login app, or run the local stack in the dev profile (-Dquarkus.profile=dev)");
        }
    }

    public static OAuthSettings of(OAuthConfig config) {
        return new OAuthSettings(config.issuer(), Login.parse(config.login()), config.secretHashIterations(),
                Duration.ofSeconds(config.accessTokenLifetimeSeconds()), Duration.ofSeconds(config.codeLifetimeSeconds()),
                Duration.ofSeconds(config.refreshTokenLifetimeSeconds()), config.scopesSupported(), config.loginUrl(),
                config.consentUrl());
    }

    /** Required with the challenge login, an absolute http(s) URL without fragment; ignored by the other logins. */
    private static Optional<String> appUrl(String key, Login login, Optional<String> url) {
        if (login != Login.CHALLENGE) {
            return Optional.empty();
        }
        String value = url.map(String::strip).filter(text -> !text.isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                key + " is required with " + OAuthConfig.LOGIN + "=challenge: the URL of the external app the user is sent to"));
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getFragment() != null) {
                throw new IllegalArgumentException(key + " is \"" + value + "\": expected an absolute http or https URL without fragment");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is \"" + value + "\": not a URL (" + e.getReason() + ")");
        }
        return Optional.of(value);
    }

    private static void requireSeconds(String key, Duration value, long max) {
        if (value.getSeconds() < 1 || value.getSeconds() > max) {
            throw new IllegalArgumentException(key + " is " + value.getSeconds() + ": expected 1 to "
                    + (max == Long.MAX_VALUE ? "any number of" : String.valueOf(max)) + " seconds");
        }
    }
}
