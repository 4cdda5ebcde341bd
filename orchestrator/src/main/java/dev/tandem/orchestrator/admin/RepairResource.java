package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.admin.view.RepairResults;
import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.apps.ClientRepairs;
import dev.tandem.orchestrator.checker.CheckerFeed;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.repair.ClientRepairer;
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
 * {@code "clientIds":[...]} beside or instead of {@code tokenIds} repairs clients (apps) the same way,
 * as a verification report lists them (entity {@code client}); their results carry {@code clientId}.
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
    static final List<String> FIELDS = List.of("tokenIds", "clientIds");
    public static final String IDS_REQUIRED = "tokenIds: expected an array of 1 to " + MAX_IDS + " token ids";
    public static final String CLIENT_IDS_REQUIRED = "clientIds: expected an array of 1 to " + MAX_IDS + " client ids";
    /** The id is not echoed: what is pasted where a client_id belongs may be its secret. */
    public static final String CLIENT_ID_INVALID = "clientIds[%d]: %s is not a client id (expected 1 to "
            + dev.tandem.model.client.ClientRecord.MAX_ID_LENGTH + " characters, not blank: the client_id, never its secret)";
    public static final String ID_INVALID = "tokenIds[%d]: %s is not a token id (expected 64 lowercase hex characters:"
            + " the SHA-256 of the token, never the token itself)";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Repairs repairs;
    @Inject
    ClientRepairs clientRepairs;
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
            description = "{\"tokenIds\": [1 to 100 SHA-256 token ids, hex]} and/or {\"clientIds\": [1 to 100 client ids]}")))
    @APIResponse(responseCode = "409", ref = OpenApiNames.PROBLEM, description = "The phase has no second store to repair toward")
    public Uni<RepairResults> repair(String body) {
        caller.identity();
        AdminRequest.parse(body, FIELDS);
        JsonNode request = json(body);
        List<String> clientIds = request.has("clientIds") ? clientIds(request.get("clientIds")) : List.of();
        List<String> ids = request.has("tokenIds") || clientIds.isEmpty() ? ids(request.get("tokenIds")) : List.of();
        MigrationPhase phase = repairs.phase();
        if (phase.mirror() == null) {
            throw ApiProblem.conflict(Repairs.NOTHING_TO_REPAIR_TOWARD.formatted(phase), Map.of("phase", phase.name()));
        }
        Uni<List<RepairResults.Result>> tokens = Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(id -> repairs.repair(id, phase, feed.divergence(id), "request"))
                .collect().asList()
                .map(results -> CheckerViews.results(results).results());
        return tokens.flatMap(tokenResults -> Multi.createFrom().iterable(clientIds)
                .onItem().transformToUniAndConcatenate(id -> clientRepairs.repair(id, phase))
                .collect().asList()
                .map(clientResults -> {
                    List<RepairResults.Result> all = new ArrayList<>(tokenResults);
                    all.addAll(CheckerViews.clientResults(clientResults));
                    return new RepairResults(all);
                }));
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

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiProblem.badRequest("the body is not valid JSON");
        }
    }

    /** The client ids, in order, without repeats; refused whole when one is not an id. */
    private static List<String> clientIds(JsonNode ids) {
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw AdminRequest.problem("clientIds", CLIENT_IDS_REQUIRED + (ids != null && ids.isArray()
                    ? ", found " + ids.size() : ""));
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || !ClientRepairer.isClientId(id.textValue())) {
                throw AdminRequest.problem("clientIds", CLIENT_ID_INVALID.formatted(i,
                        id.isTextual() ? "a string of " + id.textValue().length() + " characters" : "a non-string value"));
            }
            unique.add(id.textValue());
        }
        return new ArrayList<>(unique);
    }

    /** The ids, in order, without repeats; refused whole when one is not an id. */
    private static List<String> ids(JsonNode ids) {
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
