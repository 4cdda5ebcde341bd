package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import dev.tandem.model.client.ClientRecord;

import java.util.List;
import java.util.Map;

/** The app records of the admin API, built from a stored client. */
final class AppViews {
    private static final Map<String, String> WIRE_NAMES = Map.of("name", "client_name", "redirectUris", "redirect_uris",
            "grantTypes", "grant_types", "authMethod", "token_endpoint_auth_method", "scopes", "scope");

    private AppViews() {
    }

    /** {@code secret} is the one just generated (shown once), or null. */
    static App app(ClientRecord client, String secret) {
        return new App(client.id(), secret, client.name(), client.redirectUris(), List.copyOf(client.grantTypes()),
                List.of("code"), client.authMethod().wireName(), String.join(" ", client.scopes()),
                client.createdAt().getEpochSecond(), client.updatedAt().getEpochSecond(),
                client.isPublic() ? null : client.previousSecretHash() != null);
    }

    /** The RFC 7591 name of a {@link ClientRecord} field, for a refusal. */
    static String wireName(String field) {
        return WIRE_NAMES.getOrDefault(field, field);
    }

    /** An id from a path, echoed only when it looks like one (an operator may paste a secret by mistake). */
    static String printable(String clientId) {
        return clientId.matches("[A-Za-z0-9._~-]{1,80}") ? "\"" + clientId + "\"" : "(a value of " + clientId.length()
                + " characters)";
    }
}
