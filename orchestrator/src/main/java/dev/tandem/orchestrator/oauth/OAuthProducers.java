package dev.tandem.orchestrator.oauth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The OAuth server's settings, checked once at start, and what is built from them. */
@ApplicationScoped
public class OAuthProducers {

    @Produces
    @Singleton
    OAuthSettings settings(OAuthConfig config) {
        return OAuthSettings.of(config);
    }

    @Produces
    @Singleton
    ClientSecrets clientSecrets(OAuthSettings settings) {
        return new ClientSecrets(settings.secretHashIterations());
    }
}
