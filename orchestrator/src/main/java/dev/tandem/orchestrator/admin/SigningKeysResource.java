package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.JwsKeys;
import dev.tandem.engine.signing.SigningKey;
import dev.tandem.engine.signing.SigningKeyRing;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.oauth.SigningKeySource;
import dev.tandem.orchestrator.oauth.SigningKeys.SigningNotConfiguredException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The access-token signing keys: {@code GET /admin/signing-keys}; operators:
 * {@code POST /admin/signing-keys {"publish_ahead_seconds": N}} rotates a new key in (in the JWKS at once,
 * signing after N seconds, 0 by default, so that resource servers caching the JWKS know it before its
 * first token), {@code POST /admin/signing-keys/KID/retire} takes one out of service (its tokens stop
 * verifying: for a key thought compromised). Older keys keep verifying until retired.
 */
@Path("/admin/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.SIGNING_KEYS)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class SigningKeysResource {
    private static final Logger LOG = Logger.getLogger(SigningKeysResource.class);
    private static final String PUBLISH_AHEAD = "publish_ahead_seconds";
    /** A day: beyond it a rotation is a typo more likely than a plan. */
    private static final long MAX_PUBLISH_AHEAD_SECONDS = 86_400;
    /** What a kid looks like (an RFC 7638 thumbprint is 43 of these); only such a kid is echoed back. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    SigningKeySource keys;
    @Inject
    AdminCaller caller;

    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "listSigningKeys", summary = "List the signing keys",
            description = "Public parts only, in activation order, each with its state: signing, verifying or published.")
    public Uni<JwsKeys> list() {
        caller.identity();
        return keys.currentRing().map(SigningKeysResource::view);
    }

    @POST
    @Operation(operationId = "rotateSigningKey", summary = "Rotate a new signing key in (operator)",
            description = "Optional body {\"publish_ahead_seconds\": N}: in the JWKS at once, signing after N seconds (0 to 86400).")
    @APIResponse(responseCode = "201", description = "The new key")
    @APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "publish_ahead_seconds out of range")
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "No key-encryption key is configured")
    public Uni<RestResponse<JwsKeys.Key>> rotate(String body) {
        AdminIdentity identity = caller.identity();
        long publishAhead = body == null || body.isBlank() ? 0 : AdminRequest.parse(body, List.of(PUBLISH_AHEAD))
                .longInteger(PUBLISH_AHEAD).orElse(0L);
        if (publishAhead < 0 || publishAhead > MAX_PUBLISH_AHEAD_SECONDS) {
            throw ApiProblem.badRequest(PUBLISH_AHEAD + ": " + publishAhead + " is out of range (0 to "
                    + MAX_PUBLISH_AHEAD_SECONDS + ")");
        }
        return keys.rotate(Duration.ofSeconds(publishAhead)).onFailure(SigningNotConfiguredException.class)
                .transform(SigningKeysResource::conflict).map(key -> {
            LOG.infof("signing key %s rotated in by %s, signing from %s", key.kid(), identity.name(), key.activatedAt());
            return RestResponse.status(RestResponse.Status.CREATED, view(key, Optional.empty(), Clock.systemUTC().instant()));
        });
    }

    @POST
    @Path("/{kid}/retire")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "retireSigningKey", summary = "Retire a signing key (operator)",
            description = "It stops signing and verifying at once and leaves the JWKS: for a key thought compromised.")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No key in service has this kid")
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "No key-encryption key is configured")
    public Uni<JwsKeys> retire(@PathParam("kid") String kid) {
        AdminIdentity identity = caller.identity();
        return keys.retire(kid).onFailure(SigningNotConfiguredException.class).transform(SigningKeysResource::conflict)
                .chain(retired -> {
            if (!retired) {
                throw ApiProblem.notFound(KID.matcher(kid).matches() ? "no signing key in service has kid \"" + kid + "\""
                        : "no signing key in service has that kid (a kid is 1 to 64 characters of A-Z a-z 0-9 - _)");
            }
            LOG.infof("signing key %s retired by %s", kid, identity.name());
            return keys.currentRing().map(SigningKeysResource::view);
        });
    }

    private static ApiProblem conflict(Throwable notConfigured) {
        return new ApiProblem(409, "Conflict", notConfigured.getMessage());
    }

    private static JwsKeys view(SigningKeyRing ring) {
        Instant now = Clock.systemUTC().instant();
        Optional<String> signing = ring.activeAt(now).map(SigningKey::kid);
        return new JwsKeys(ring.keys().stream().map(key -> view(key, signing, now)).toList());
    }

    private static JwsKeys.Key view(SigningKey key, Optional<String> signing, Instant now) {
        String state = !key.canSignAt(now) ? "published" : signing.map(key.kid()::equals).orElse(true) ? "signing" : "verifying";
        return new JwsKeys.Key(key.kid(), SigningKey.ALGORITHM, SigningKey.CURVE, state, key.createdAt().toString(),
                key.activatedAt().toString(), key.retiredAt() == null ? null : key.retiredAt().toString());
    }
}
