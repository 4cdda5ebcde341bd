package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /admin/signing-keys}: the Ed25519 keys that sign access tokens while the engine is primary,
 * in activation order, public parts only (the private keys never leave the engine's table, sealed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JwsKeys(List<Key> keys) {
    public JwsKeys {
        keys = keys == null ? List.of() : keys;
    }

    /**
     * One key. {@code state}: {@code signing} (the newest active key), {@code verifying} (an older one: its
     * tokens still verify), {@code published} (in the JWKS, signing from {@code activatedAt}: resource servers
     * fetch it first).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Key(String kid, String alg, String crv, String state, String createdAt, String activatedAt,
                      String retiredAt) {
    }
}
