package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A registered OAuth client ("app") in RFC 7591's names: {@code /admin/apps} and the registration
 * API ({@code /client/v4/apps}). {@code client_secret} is present only in the answer that created or
 * rotated it: it is shown once and stored only as a hash.
 *
 * @param secretRotating whether a previous secret is still accepted (after a rotation without --revoke-old)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"client_id", "client_secret", "client_name", "redirect_uris", "grant_types", "response_types",
        "token_endpoint_auth_method", "scope", "client_id_issued_at", "updated_at", "secret_rotating"})
public record App(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("redirect_uris") List<String> redirectUris,
        @JsonProperty("grant_types") List<String> grantTypes,
        @JsonProperty("response_types") List<String> responseTypes,
        @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
        @JsonProperty("scope") String scope,
        @JsonProperty("client_id_issued_at") Long clientIdIssuedAt,
        @JsonProperty("updated_at") Long updatedAt,
        @JsonProperty("secret_rotating") Boolean secretRotating) {

    public boolean isPublic() {
        return "none".equals(tokenEndpointAuthMethod);
    }
}
