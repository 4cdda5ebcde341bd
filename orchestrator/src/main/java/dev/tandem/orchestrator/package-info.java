/**
 * The frame of the OpenAPI document served at {@code /q/openapi}: its tags, the two ways a caller
 * authenticates, and the two error bodies every resource shares. The operations describe themselves
 * on their resources; title, version and description are in application.properties. Nothing here
 * changes what the server does: it is read by the OpenAPI scanner only.
 */
@OpenAPIDefinition(
        info = @Info(title = "Tandem", version = "0"), // overridden by quarkus.smallrye-openapi.info-* properties
        tags = {
                @Tag(name = OpenApiNames.OAUTH, description = "OAuth 2.0 authorization server: RFC 6749 code flow"
                        + " with PKCE (RFC 7636), refresh, revocation (RFC 7009), introspection (RFC 7662)"),
                @Tag(name = OpenApiNames.DISCOVERY, description = "Server metadata (RFC 8414) and signing keys (RFC 7517)"),
                @Tag(name = OpenApiNames.APPS, description = "Registered apps (OAuth clients): registration, secret rotation, deletion"),
                @Tag(name = OpenApiNames.MIGRATION, description = "The migration's control state: phase, reads, automatic cutover, rollback, audit"),
                @Tag(name = OpenApiNames.CONSISTENCY, description = "What the consistency checker reports, repair, full verification"),
                @Tag(name = OpenApiNames.LOGIN_CONSENT, description = "The external login and consent apps' side of"
                        + " tandem.oauth.login=challenge, as in Ory Hydra: show, accept or reject a pending request"),
                @Tag(name = OpenApiNames.SIGNING_KEYS, description = "The Ed25519 keys that sign access tokens: rotation, retirement"),
                @Tag(name = OpenApiNames.BACKFILL, description = "The bulk copy of legacy's rows into the engine"),
                @Tag(name = OpenApiNames.STORE, description = "The token store API that services call instead of a store")},
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = OpenApiNames.ADMIN_TOKEN, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", description = "An admin token (tandem.admin.tokens holds its SHA-256):"
                                + " on /admin, role viewer for GET and operator for every change; on /v1, role service or operator"),
                        @SecurityScheme(securitySchemeName = OpenApiNames.CLIENT_BASIC, type = SecuritySchemeType.HTTP,
                                scheme = "basic", description = "client_secret_basic (RFC 6749 §2.3.1): client_id and"
                                + " client_secret, form-encoded, as user and password. A client_secret_post client sends"
                                + " both in the form instead, a public client (none) its client_id alone")},
                schemas = {
                        @Schema(name = "OAuthError", description = "RFC 6749 §5.2 error body", type = SchemaType.OBJECT,
                                requiredProperties = "error", properties = {
                                @SchemaProperty(name = "error", type = SchemaType.STRING, example = "invalid_grant",
                                        description = "invalid_request, invalid_client, invalid_grant, unauthorized_client,"
                                                + " unsupported_grant_type, invalid_scope, server_error, temporarily_unavailable"),
                                @SchemaProperty(name = "error_description", type = SchemaType.STRING)}),
                        @Schema(name = "Problem", description = "RFC 9457 problem details", type = SchemaType.OBJECT, properties = {
                                @SchemaProperty(name = "type", type = SchemaType.STRING, example = "about:blank"),
                                @SchemaProperty(name = "title", type = SchemaType.STRING),
                                @SchemaProperty(name = "status", type = SchemaType.INTEGER),
                                @SchemaProperty(name = "detail", type = SchemaType.STRING, description = "what was wrong and what is valid")})},
                requestBodies = {@RequestBody(name = OpenApiNames.APP_REGISTRATION, required = true, content = @Content(
                        mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                        description = "RFC 7591 client metadata; unknown fields are refused",
                        requiredProperties = {"client_name", "redirect_uris"}, properties = {
                        @SchemaProperty(name = "client_name", type = SchemaType.STRING),
                        @SchemaProperty(name = "redirect_uris", type = SchemaType.ARRAY, implementation = String.class),
                        @SchemaProperty(name = "token_endpoint_auth_method", type = SchemaType.STRING,
                                enumeration = {"client_secret_basic", "client_secret_post", "none"}, defaultValue = "client_secret_basic"),
                        @SchemaProperty(name = "scope", type = SchemaType.STRING, description = "space-separated"),
                        @SchemaProperty(name = "grant_types", type = SchemaType.ARRAY, implementation = String.class,
                                description = "authorization_code and refresh_token by default")}))),
                        @RequestBody(name = OpenApiNames.AUTH_REJECTION, content = @Content(
                        mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
                        description = "Why the login or consent is refused; the body may be empty (access_denied)", properties = {
                        @SchemaProperty(name = "error", type = SchemaType.STRING, defaultValue = "access_denied",
                                enumeration = {"access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type",
                                        "invalid_scope", "server_error", "temporarily_unavailable"}),
                        @SchemaProperty(name = "error_description", type = SchemaType.STRING, maxLength = 500)}))),
                        @RequestBody(name = OpenApiNames.TOKEN_FORM, required = true, content = @Content(
                        mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = SchemaType.OBJECT,
                        requiredProperties = "token", properties = {
                        @SchemaProperty(name = "token", type = SchemaType.STRING),
                        @SchemaProperty(name = "token_type_hint", type = SchemaType.STRING),
                        @SchemaProperty(name = "client_id", type = SchemaType.STRING, description = "client_secret_post and public clients"),
                        @SchemaProperty(name = "client_secret", type = SchemaType.STRING, description = "client_secret_post")})))},
                responses = {
                        @APIResponse(name = OpenApiNames.APP_CREATED, description = "Registered; client_secret is shown this once",
                                content = @Content(mediaType = "application/json", schema = @Schema(ref = "App"))),
                        @APIResponse(name = OpenApiNames.OAUTH_ERROR, description = "An RFC 6749 error",
                                content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError"))),
                        @APIResponse(name = OpenApiNames.PROBLEM, description = "Refused: problem details",
                                content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))}))
package dev.tandem.orchestrator;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
