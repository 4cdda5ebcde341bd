package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.Jwks;
import dev.tandem.orchestrator.OpenApiNames;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client discovers before it starts: the server metadata (RFC 8414, also at OpenID Connect's
 * path, where most client libraries look) and the keys that verify signed access tokens (RFC 7517).
 */
@Path("/.well-known")
@Tag(name = OpenApiNames.DISCOVERY)
public class OAuthMetadataResource {
    private final SigningKeySource keys;
    private final Map<String, Object> metadata;

    @Inject
    public OAuthMetadataResource(OAuthSettings settings, SigningKeySource keys) {
        this.keys = keys;
        this.metadata = metadata(settings);
    }

    static Map<String, Object> metadata(OAuthSettings settings) {
        String issuer = settings.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/oauth2/auth");
        document.put("token_endpoint", issuer + "/oauth2/token");
        document.put("revocation_endpoint", issuer + "/oauth2/revoke");
        document.put("introspection_endpoint", issuer + "/oauth2/introspect");
        document.put("jwks_uri", issuer + "/.well-known/jwks.json");
        document.put("response_types_supported", List.of("code"));
        document.put("response_modes_supported", List.of("query"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("code_challenge_methods_supported", List.of(Pkce.S256));
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post", "none");
        document.put("token_endpoint_auth_methods_supported", authMethods);
        document.put("revocation_endpoint_auth_methods_supported", authMethods);
        document.put("introspection_endpoint_auth_methods_supported", authMethods);
        document.put("scopes_supported", settings.scopesSupported());
        document.put("authorization_response_iss_parameter_supported", true);
        return Collections.unmodifiableMap(document);
    }

    @GET
    @Path("/oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "authorizationServerMetadata", summary = "Authorization server metadata (RFC 8414)",
            description = "The endpoints, grant types, PKCE methods, client authentication methods and scopes this server supports.")
    public Map<String, Object> authorizationServer() {
        return metadata;
    }

    @GET
    @Path("/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "openidConfiguration", summary = "The same metadata at OpenID Connect's discovery path",
            description = "Where most client libraries look first; the document is the RFC 8414 one.")
    public Map<String, Object> openidConfiguration() {
        return metadata;
    }

    /** The keys that verify now, read from the table on each request: a key is published as soon as it is stored. */
    @GET
    @Path("/jwks.json")
    @Operation(operationId = "jwks", summary = "The keys that verify signed access tokens (RFC 7517 JWK set)",
            description = "Read from the engine on each request: a new key is published as soon as it is stored.")
    @APIResponse(responseCode = "200", description = "A JWK set", content = @Content(mediaType = Jwks.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Response> jwks() {
        return keys.currentRing().map(ring -> Response.ok(Jwks.document(ring, Clock.systemUTC().instant()))
                .type(Jwks.MEDIA_TYPE).build());
    }
}
