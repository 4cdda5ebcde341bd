package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.repair.Repairs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repair of settled divergence: {@code GET /admin/repair} (whether repair runs automatically, the
 * recent repairs, counts by outcome) and {@code POST /admin/repair {"tokenIds":[...]}} (operators:
 * repair these ids now, toward the phase's primary). Every id is checked before any is repaired.
 */
@Path("/admin/repair")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.CONSISTENCY)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM, description = "Bad input: names the field and what is valid")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class RepairResource {
    public static final int MAX_IDS = 100;
    static final List<String> FIELDS = List.of("tokenIds");
    public static final String IDS_REQUIRED = "tokenIds: expected an array of 1 to " + MAX_IDS + " token ids";
    public static final String ID_INVALID = "tokenIds[%d]: %s is not a token id (expected 64 lowercase hex characters:"
            + " the SHA-256 of the token, never the token itself)";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Repairs repairs;
    @Inject
    CheckerFeed feed;
    @Inject
    AdminCaller caller;

    @GET
    @APIResponse(responseCode = "200")
    @Operation(operationId = "repairs", summary = "Recent repairs",
            description = "Whether repair runs automatically, the recent repairs, counts by outcome.")
    public dev.tandem.admin.view.Repairs recent() {
        caller.identity();
        return CheckerViews.repairs(repairs.auto(), repairs.recent(), repairs.counts());
    }

    @POST
    @APIResponse(responseCode = "200")
    @Operation(operationId = "repair", summary = "Repair these token ids now (operator)",
            description = "Toward the phase's primary; every id is checked before any is repaired.")
    @RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            description = "{\"tokenIds\": [1 to 100 SHA-256 token ids, hex]}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "The phase has no second store to repair toward")
    public Uni<RepairResults> repair(String body) {
        caller.identity();
        AdminRequest.parse(body, FIELDS);
        List<String> ids = ids(body);
        MigrationPhase phase = repairs.phase();
        if (phase.mirror() == null) {
            throw ApiProblem.conflict(Repairs.NOTHING_TO_REPAIR_TOWARD.formatted(phase), Map.of("phase", phase.name()));
        }
        return Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> repairs.repair(id, phase, feed.divergence(id), "request"))
                .collect().asList()
                .map(CheckerViews::results);
    }

    /**
     * A refused id is echoed only when it is hex (a mistyped hash): anything else may be a raw token
     * pasted by mistake, and is described by its length.
     */
    private static String describe(JsonNode id) {
        if (!id.isTextual()) {
            return "a non-string value";
        }
        String text = id.textValue();
        return text.matches("[0-9A-Fa-f]{1,80}") ? "\"" + text + "\"" : "a string of " + text.length() + " characters";
    }

    /** The ids, in order, without repeats; refused whole when one is not an id. */
    private static List<String> ids(String body) {
        JsonNode ids;
        try {
            ids = JSON.readTree(body).get("tokenIds");
        } catch (java.io.IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON");
        }
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw AdminRequest.problem("tokenIds", IDS_REQUIRED + (ids != null && ids.isArray()
                    ? ", found " + ids.size() : ""));
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || !TokenId.isValid(id.textValue())) {
                throw AdminRequest.problem("tokenIds", ID_INVALID.formatted(i, describe(id)));
            }
            unique.add(id.textValue());
        }
        return new ArrayList<>(unique);
    }
}
