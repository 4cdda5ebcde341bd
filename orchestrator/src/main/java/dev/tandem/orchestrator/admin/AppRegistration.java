package dev.tandem.orchestrator.admin;

import dev.tandem.admin.view.App;
import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.InvalidClientRecordException;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.apps.ClientExistsException;
import dev.tandem.orchestrator.apps.ClientMirrorException;
import dev.tandem.orchestrator.apps.ClientRegistry;
import dev.tandem.orchestrator.oauth.ClientSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What registering, rotating and deleting an app means, shared by {@code /admin/apps} and the
 * registration API: the RFC 7591 body read field by field, the secret generated and hashed here
 * (shown once, stored only as a hash), the client written to both stores by {@link ClientRegistry}.
 */
@ApplicationScoped
class AppRegistration {
    static final List<String> CREATE_FIELDS = List.of("client_name", "redirect_uris", "token_endpoint_auth_method",
            "scope", "grant_types");
    static final List<String> ROTATE_FIELDS = List.of("revoke_old");
    static final String AUTH_METHODS = Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::wireName)
            .collect(Collectors.joining(", "));

    @Inject
    ClientRegistry registry;
    @Inject
    ClientSecrets secrets;

    Uni<App> create(String body) {
        AdminRequest request = AdminRequest.parse(body, CREATE_FIELDS);
        String name = request.string("client_name")
                .orElseThrow(() -> AdminRequest.problem("client_name", "client_name is required"));
        List<String> redirectUris = request.strings("redirect_uris")
                .orElseThrow(() -> AdminRequest.problem("redirect_uris", "redirect_uris is required: an array of URIs"));
        String methodName = request.string("token_endpoint_auth_method").orElse(ClientAuthMethod.CLIENT_SECRET_BASIC.wireName());
        ClientAuthMethod method = ClientAuthMethod.fromWireName(methodName).orElseThrow(() -> AdminRequest.problem(
                "token_endpoint_auth_method", "token_endpoint_auth_method: \"" + methodName + "\" is not one (valid: "
                        + AUTH_METHODS + ")"));
        List<String> scopes = request.string("scope").map(scope -> List.of(scope.trim().split(" +")))
                .map(list -> list.size() == 1 && list.get(0).isEmpty() ? List.<String>of() : list).orElse(List.of());
        List<String> grants = request.strings("grant_types").orElse(List.copyOf(ClientRecord.GRANT_TYPES));

        String secret = method == ClientAuthMethod.NONE ? null : ClientSecrets.generate();
        Instant now = Instant.now();
        // Checked before the slow hash, with a placeholder of the hash's shape: bad input costs nothing.
        ClientRecord draft = valid(() -> new ClientRecord(UUID.randomUUID().toString(), name,
                secret == null ? null : "pending", null, redirectUris, new TreeSet<>(grants), method,
                new TreeSet<>(scopes), now, now, false, 0));
        Uni<ClientRecord> client = secret == null ? Uni.createFrom().item(draft)
                : secrets.hashOffLoop(secret).map(hash -> draft.withSecret(hash, true, now));
        return failuresAsProblems(client.flatMap(registry::create)).map(created -> AppViews.app(created, secret));
    }

    Uni<App> rotateSecret(String clientId, String body) {
        boolean revokeOld = body == null || body.isBlank() ? false
                : AdminRequest.parse(body, ROTATE_FIELDS).bool("revoke_old").orElse(false);
        String secret = ClientSecrets.generate();
        return secrets.hashOffLoop(secret).flatMap(hash -> failuresAsProblems(registry.update(clientId, client -> {
            if (client.isPublic()) {
                throw ApiProblem.conflict("client " + clientId + " is public (token_endpoint_auth_method none): it has no"
                        + " secret to rotate", Map.of("client_id", clientId));
            }
            return client.withSecret(hash, revokeOld, Instant.now());
        }))).map(updated -> AppViews.app(found(clientId, updated), secret));
    }

    Uni<App> show(String clientId) {
        return registry.find(clientId).map(client -> AppViews.app(found(clientId, client), null));
    }

    /** Answers the app as it was deleted. */
    Uni<App> delete(String clientId) {
        return failuresAsProblems(registry.delete(clientId, Instant.now())).map(deleted -> AppViews.app(found(clientId, deleted), null));
    }

    private static ClientRecord found(String clientId, Optional<ClientRecord> client) {
        return client.orElseThrow(() -> notFound(clientId));
    }

    private static ApiProblem notFound(String clientId) {
        return ApiProblem.notFound("no app with client_id " + AppViews.printable(clientId));
    }

    private static ClientRecord valid(Supplier<ClientRecord> build) {
        try {
            return build.get();
        } catch (InvalidClientRecordException e) {
            String field = AppViews.wireName(e.field());
            throw AdminRequest.problem(field, field + ": " + e.getMessage().substring(e.field().length() + 2));
        }
    }

    private static <T> Uni<T> failuresAsProblems(Uni<T> write) {
        return write
                .onFailure(ClientExistsException.class).transform(e -> ApiProblem.conflict(e.getMessage(), Map.of()))
                .onFailure(ClientMirrorException.class).transform(e -> ApiProblem.unavailable(e.getMessage()));
    }
}
