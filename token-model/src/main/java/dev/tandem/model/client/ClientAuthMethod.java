package dev.tandem.model.client;

import java.util.Arrays;
import java.util.Optional;

/** How a client authenticates at the token endpoint (RFC 7591 {@code token_endpoint_auth_method}). */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    /** A public client: no secret; it must use PKCE. */
    NONE("none");

    private final String wireName;

    ClientAuthMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ClientAuthMethod> fromWireName(String name) {
        return Arrays.stream(values()).filter(method -> method.wireName.equals(name)).findFirst();
    }
}
