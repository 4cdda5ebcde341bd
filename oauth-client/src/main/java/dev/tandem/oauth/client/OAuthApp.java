package dev.tandem.oauth.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminCallException;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.view.App;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A registered app as its developer holds it: the client id, the secret shown once at registration
 * (null for a public client), its one redirect URI and its registered scopes.
 */
public record OAuthApp(String name, String clientId, String secret, String redirectUri, String scope) {
    public OAuthApp {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
    }

    /**
     * Registers an app through {@code POST /admin/apps} (operator token): {@code confidential} ones
     * authenticate with {@code client_secret_basic}, the others are public ({@code none}, PKCE only).
     */
    public static OAuthApp register(AdminClient admin, String name, String redirectUri, boolean confidential, String scope)
            throws AdminCallException, IOException {
        App created = admin.call(AdminCall.createApp(name, List.of(redirectUri),
                confidential ? "client_secret_basic" : "none", scope));
        if (created.clientId() == null || confidential == (created.clientSecret() == null)) {
            throw new IOException("POST /admin/apps for " + name + " answered "
                    + (created.clientId() == null ? "no client_id" : confidential ? "no client_secret" : "a secret for a public client"));
        }
        return new OAuthApp(name, created.clientId(), created.clientSecret(), redirectUri, scope);
    }

    public boolean isPublic() {
        return secret == null;
    }

    public ClientID id() {
        return new ClientID(clientId);
    }

    /** Basic credentials of a confidential app; null for a public one, which sends its client_id alone. */
    ClientAuthentication authentication() {
        return secret == null ? null : new ClientSecretBasic(id(), new Secret(secret));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "OAuthApp[" + name + " " + clientId + (isPublic() ? " public" : " confidential") + "]";
    }
}
