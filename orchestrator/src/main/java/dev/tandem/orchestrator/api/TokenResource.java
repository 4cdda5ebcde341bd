package dev.tandem.orchestrator.api;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.read.TokenReader;
import dev.tandem.orchestrator.write.MirroredWriter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The token store API that services call instead of a store: JSON over HTTP on the public port, for
 * bearer tokens with the role {@code service} or {@code operator} (checked by the admin package's filter).
 * Every request is validated completely before any store is called, so a refused request writes
 * nothing; refusals are {@code application/problem+json} from {@link ProblemMapper}. Writes go
 * through {@link MirroredWriter}, reads through {@link TokenReader}.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.STORE)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Invalid id or record: names the field")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is neither service nor operator")
@APIResponse(responseCode = "503", ref = OpenApiNames.PROBLEM, description = "Not caught up with the control state, or a store unavailable: retry")
public class TokenResource {
    private static final String NO_SUCH_TOKEN = "no token has this id";

    private final ControlPlane control;
    private final MirroredWriter writer;
    private final TokenReader reader;

    @Inject
    public TokenResource(ControlPlane control, MirroredWriter writer, TokenReader reader) {
        this.control = control;
        this.writer = writer;
        this.reader = reader;
    }

    /** Creates or replaces a token; answers the stored record with its new version. */
    @PUT
    @Path("/tokens/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200")
    @Operation(operationId = "putToken", summary = "Create or replace a token",
            description = "Keyed by the SHA-256 of the token (64 lowercase hex); answers the stored record with its new version.")
    public Uni<TokenView> put(@RestPath String id, TokenWrite body) {
        requireReady();
        TokenId.requireValid("id", id);
        if (body == null) {
            throw new InvalidTokenRecordException("body", "is required: a JSON object with kind, clientId, scopes,"
                    + " issuedAt and expiresAt");
        }
        TokenRecord record = body.toRecord(id);
        return writer.upsert(record).map(TokenView::of);
    }

    @GET
    @Path("/tokens/{id}")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "getToken", summary = "Read a token")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No token has this id")
    public Uni<TokenView> get(@RestPath String id) {
        requireReady();
        TokenId.requireValid("id", id);
        return reader.find(id).map(found -> TokenView.of(found.orElseThrow(() -> ApiProblem.notFound(NO_SUCH_TOKEN))));
    }

    /** Revokes one token now; revoking a revoked token keeps its earlier revocation. */
    @POST
    @Path("/tokens/{id}/revoke")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "revokeToken", summary = "Revoke a token now",
            description = "Revoking a revoked token keeps its earlier revocation.")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No token has this id")
    public Uni<TokenView> revoke(@RestPath String id) {
        requireReady();
        TokenId.requireValid("id", id);
        return writer.revoke(id, now())
                .map(found -> TokenView.of(found.orElseThrow(() -> ApiProblem.notFound(NO_SUCH_TOKEN))));
    }

    /** Revokes every token of a refresh chain now; answers how many were usable before. */
    @POST
    @Path("/families/{familyId}/revoke")
    @APIResponse(responseCode = "200")
    @Operation(operationId = "revokeFamily", summary = "Revoke a refresh chain now",
            description = "Every token of the family; answers how many were usable before.")
    public Uni<FamilyRevocation> revokeFamily(@RestPath String familyId) {
        requireReady();
        if (familyId.length() > TokenRecord.MAX_FAMILY_ID_LENGTH) {
            throw new InvalidTokenRecordException("familyId", "is " + familyId.length()
                    + " characters long; at most " + TokenRecord.MAX_FAMILY_ID_LENGTH + " are allowed");
        }
        if (familyId.isBlank() || familyId.chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))) {
            throw new InvalidTokenRecordException("familyId", "must be printable text of 1 to "
                    + TokenRecord.MAX_FAMILY_ID_LENGTH + " characters");
        }
        return writer.revokeFamily(familyId, now()).map(FamilyRevocation::new);
    }

    @DELETE
    @Path("/tokens/{id}")
    @Operation(operationId = "deleteToken", summary = "Delete a token")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = OpenApiNames.PROBLEM, description = "No token has this id")
    public Uni<Response> delete(@RestPath String id) {
        requireReady();
        TokenId.requireValid("id", id);
        return writer.delete(id).map(deleted -> {
            if (!deleted) {
                throw ApiProblem.notFound(NO_SUCH_TOKEN);
            }
            return Response.noContent().build();
        });
    }

    /** Until this instance has caught up with the control state, it does not know which store is primary. */
    private void requireReady() {
        if (!control.ready()) {
            throw ApiProblem.unavailable("this instance has not caught up with the migration's control state yet;"
                    + " retry shortly, or through another instance");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
