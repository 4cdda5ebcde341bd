package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.KeyEncryptionKey;
import dev.tandem.engine.signing.SigningKeyStore;
import dev.tandem.orchestrator.apps.ClientDirectory;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.oauth.OAuthSettings.Login;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The OAuth server's settings, checked once at start, and what is built from them. */
@ApplicationScoped
public class OAuthProducers {
    /** One clock for every part of the server: a token's issue time and its grant's checks read the same. */
    private static final Clock CLOCK = Clock.systemUTC();

    @Produces
    @Singleton
    OAuthSettings settings(OAuthConfig config) {
        OAuthSettings settings = OAuthSettings.of(config);
        OAuthSettings.requireLoginAllowed(settings.login(), ConfigUtils.getProfiles());
        OAuthSettings.requireSealingKey(settings.login(), config.signing().keyEncryptionKey());
        return settings;
    }

    /** Builds the settings at start, so that a refused value stops the instance instead of its first request. */
    void checkAtStart(@Observes StartupEvent event, OAuthSettings settings) {
        settings.login();
    }

    @Produces
    @Singleton
    ClientSecrets clientSecrets(OAuthSettings settings) {
        return new ClientSecrets(settings.secretHashIterations());
    }

    /** Without a key-encryption key there is no key store: nothing signs, and the JWKS is empty. */
    @Produces
    @Singleton
    SigningKeySource signingKeys(OAuthConfig config, Mutiny.SessionFactory sessions) {
        SigningKeyStore store = keyEncryptionKey(config).map(kek -> new SigningKeyStore(sessions, kek, CLOCK)).orElse(null);
        return new SigningKeys(store, CLOCK, Duration.ofSeconds(config.signing().reloadIntervalSeconds()));
    }

    /** The access token's format follows the primary of the state this instance applies at the moment of issue. */
    @Produces
    @Singleton
    TokenIssuer tokenIssuer(MirroredGrantStore store, SigningKeySource keys, OAuthSettings settings, ControlPlane control) {
        return new TokenIssuer(store, keys, settings, () -> primaryOf(control), CLOCK);
    }

    @Produces
    @Singleton
    AuthorizationCodeGrant authorizationCodeGrant(MirroredGrantStore store, TokenIssuer issuer) {
        return new AuthorizationCodeGrant(store, issuer, CLOCK);
    }

    @Produces
    @Singleton
    AuthorizationCodes authorizationCodes(MirroredGrantStore store, OAuthSettings settings) {
        return new AuthorizationCodes(store, settings, CLOCK);
    }

    /** The challenges live exactly as long as a code may: a login that takes longer starts again. */
    @Produces
    @Singleton
    LoginConsentFlow loginConsentFlow(OAuthSettings settings, OAuthConfig config, ClientDirectory clients) {
        Optional<LoginChallenges> challenges = settings.login() != Login.CHALLENGE ? Optional.empty()
                : keyEncryptionKey(config).map(kek -> new LoginChallenges(kek, settings.codeLifetime(), CLOCK));
        return new LoginConsentFlow(settings, clients, challenges);
    }

    @Produces
    @Singleton
    RefreshTokenGrant refreshTokenGrant(MirroredGrantStore store, TokenIssuer issuer) {
        return new RefreshTokenGrant(store, issuer, CLOCK);
    }

    @Produces
    @Singleton
    ClientAuthenticator clientAuthenticator(ClientDirectory clients) {
        return new ClientAuthenticator(clients);
    }

    private static Optional<KeyEncryptionKey> keyEncryptionKey(OAuthConfig config) {
        return config.signing().keyEncryptionKey().map(kek -> KeyEncryptionKey.fromBase64(OAuthConfig.KEY_ENCRYPTION_KEY, kek));
    }

    private static Store primaryOf(ControlPlane control) {
        return control.current().phase().primary();
    }
}
