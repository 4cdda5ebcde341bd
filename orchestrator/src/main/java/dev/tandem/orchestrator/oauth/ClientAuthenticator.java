package dev.tandem.orchestrator.oauth;

import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.orchestrator.apps.ClientDirectory;
import io.smallrye.mutiny.Uni;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3), by the
 * method the client registered: {@code client_secret_basic}, {@code client_secret_post}, or {@code none}
 * (a public client, identified by {@code client_id} only). One method per request (RFC 6749 §2.3). Every
 * failure is the same {@code invalid_client}, so that an answer does not tell a wrong secret from an
 * unknown client; a 401 after Basic carries {@code WWW-Authenticate} ({@link OAuthError#basicChallenge()}).
 */
public class ClientAuthenticator {
    static final String FAILED = "client authentication failed";

    private final ClientDirectory clients;

    public ClientAuthenticator(ClientDirectory clients) {
        this.clients = clients;
    }

    /**
     * @param authorization the Authorization header, or null
     * @param formClientId  the form's {@code client_id}, or null
     * @param formSecret    the form's {@code client_secret}, or null
     */
    public Uni<ClientRecord> authenticate(String authorization, String formClientId, String formSecret) {
        Presented presented;
        try {
            presented = presented(authorization, formClientId, formSecret);
        } catch (OAuthError e) {
            return Uni.createFrom().failure(e);
        }
        boolean basic = presented.method == ClientAuthMethod.CLIENT_SECRET_BASIC;
        if (presented.clientId.length() > ClientRecord.MAX_ID_LENGTH) {
            // No client has such an id; the stores would refuse it as malformed rather than answer unknown.
            return Uni.createFrom().failure(OAuthError.invalidClient(FAILED, basic));
        }
        return clients.find(presented.clientId).chain(found -> {
            if (found.isEmpty() || found.get().authMethod() != presented.method) {
                return Uni.createFrom().failure(OAuthError.invalidClient(found.isEmpty() ? FAILED
                        : FAILED + ": the client is registered for " + found.get().authMethod().wireName(), basic));
            }
            ClientRecord client = found.get();
            if (presented.method == ClientAuthMethod.NONE) {
                return Uni.createFrom().item(client);
            }
            return Blocking.call(() -> ClientSecrets.verify(presented.secret, client.secretHash(), client.previousSecretHash()))
                    .chain(valid -> valid ? Uni.createFrom().item(client)
                            : Uni.createFrom().failure(OAuthError.invalidClient(FAILED, basic)));
        });
    }

    static Presented presented(String authorization, String formClientId, String formSecret) {
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw OAuthError.invalidClient("the Authorization header must use the Basic scheme", true);
            }
            if (formSecret != null) {
                throw OAuthError.invalidRequest("use one client authentication method: Basic or client_secret, not both");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidClient("the Basic credentials are not base64", true);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthError.invalidClient("the Basic credentials must be client_id:client_secret", true);
            }
            // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
            String id;
            String secret;
            try {
                id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidClient("the Basic credentials are not form-urlencoded (RFC 6749 §2.3.1)", true);
            }
            if (id.isEmpty()) {
                throw OAuthError.invalidClient(FAILED, true);
            }
            if (formClientId != null && !formClientId.equals(id)) {
                throw OAuthError.invalidRequest("client_id in the form is not the one of the Basic credentials");
            }
            return new Presented(id, secret, ClientAuthMethod.CLIENT_SECRET_BASIC);
        }
        if (formClientId == null || formClientId.isEmpty()) {
            throw OAuthError.invalidClient("client authentication is required: Basic credentials, or client_id"
                    + " (and client_secret for a confidential client)", false);
        }
        if (formSecret != null) {
            return new Presented(formClientId, formSecret, ClientAuthMethod.CLIENT_SECRET_POST);
        }
        return new Presented(formClientId, null, ClientAuthMethod.NONE);
    }

    record Presented(String clientId, String secret, ClientAuthMethod method) {
        @Override
        public String toString() {
            return "Presented[" + clientId + " " + method.wireName().toLowerCase(Locale.ROOT) + "]";
        }
    }
}
