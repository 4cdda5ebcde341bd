package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.orchestrator.apps.ClientDirectory;
import dev.tandem.orchestrator.oauth.LoginChallenges.Pending;
import dev.tandem.orchestrator.oauth.LoginChallenges.Stage;
import dev.tandem.orchestrator.OpenApiNames;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The OAuth 2.0 endpoints on the public port: authorization (RFC 6749 §4.1, with PKCE and RFC 9207's
 * {@code iss}), token (§4.1.3, §6), revocation (RFC 7009) and introspection (RFC 7662). Every answer is
 * RFC 6749 JSON or a redirect, never the admin API's problem+json: failures are turned into OAuth errors
 * here, and the mapper below catches whatever escapes a method of this class.
 */
@Path("/oauth2")
@Tag(name = OpenApiNames.OAUTH)
public class OAuthResource {
    private static final int MAX_SUBJECT_LENGTH = TokenRecord.MAX_SUBJECT_LENGTH;

    private final OAuthSettings settings;
    private final ClientDirectory clients;
    private final ClientAuthenticator authenticator;
    private final AuthorizationCodeGrant codeGrant;
    private final AuthorizationCodes codes;
    private final LoginConsentFlow flow;
    private final RefreshTokenGrant refreshGrant;
    private final MirroredGrantStore store;
    private final SigningKeySource keys;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public OAuthResource(OAuthSettings settings, ClientDirectory clients, ClientAuthenticator authenticator,
                         AuthorizationCodeGrant codeGrant, AuthorizationCodes codes, LoginConsentFlow flow,
                         RefreshTokenGrant refreshGrant, MirroredGrantStore store, SigningKeySource keys) {
        this.settings = settings;
        this.clients = clients;
        this.authenticator = authenticator;
        this.codeGrant = codeGrant;
        this.codes = codes;
        this.flow = flow;
        this.refreshGrant = refreshGrant;
        this.store = store;
        this.keys = keys;
    }

    // --- authorization endpoint ---

    /**
     * Until client_id and redirect_uri are known good an error is a 400 without a redirect (RFC 6749
     * §4.1.2.1: redirecting to an unchecked URI would make this an open redirector); afterwards every
     * error goes back to the client at its redirect URI.
     */
    @GET
    @Path("/auth")
    @Operation(operationId = "authorize", summary = "Authorization endpoint (code flow)",
            description = "Checks the request and logs the user in, then redirects to redirect_uri with code, state and iss"
                    + " (RFC 9207), or with error and error_description. Dev login: the subject is login_hint. Challenge"
                    + " login: 302 to the login app with login_challenge; the app's accept leads back here with"
                    + " login_verifier (302 to the consent app with consent_challenge), the consent app's accept with"
                    + " consent_verifier (303 to the client with the code).")
    @Parameter(name = "response_type", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), required = true, description = "code")
    @Parameter(name = "client_id", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), required = true)
    @Parameter(name = "redirect_uri", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), required = true, description = "one of the client's registered redirect URIs, exactly")
    @Parameter(name = "scope", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "space-separated; the client's registered scopes by default")
    @Parameter(name = "state", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "code_challenge", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "required of public clients (RFC 7636)")
    @Parameter(name = "code_challenge_method", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "S256")
    @Parameter(name = "login_hint", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "the subject, for the dev login")
    @Parameter(name = "login_verifier", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "challenge login: from the login app's accept (redirect_to); alone")
    @Parameter(name = "consent_verifier", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), description = "challenge login: from the consent app's accept (redirect_to); alone")
    @APIResponse(responseCode = "302", description = "Challenge login: on to the login app (login_challenge) or the consent app (consent_challenge)",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "303", description = "Back to the client: code (or error), state, iss in the query",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", ref = OpenApiNames.OAUTH_ERROR,
            description = "client_id or redirect_uri missing or not registered, or a login_verifier or consent_verifier altered,"
                    + " expired or of another step: answered here, not redirected (RFC 6749 §4.1.2.1)")
    public Uni<Response> authorize(@Context UriInfo uri) {
        String rawQuery = uri.getRequestUri().getRawQuery();
        try {
            OAuthParameters params = OAuthParameters.query(rawQuery);
            String loginVerifier = params.get(Stage.LOGIN_VERIFIER.parameter());
            String consentVerifier = params.get(Stage.CONSENT_VERIFIER.parameter());
            if (loginVerifier != null && consentVerifier != null) {
                throw OAuthError.invalidRequest("send login_verifier or consent_verifier, not both");
            }
            if (loginVerifier != null) {
                return Uni.createFrom().item(found(flow.consentRedirect(loginVerifier)));
            }
            if (consentVerifier != null) {
                Pending consented = flow.consented(consentVerifier);
                // Checked again as at the start: the client may have changed or gone while the user logged in.
                return authorizeChecked(OAuthParameters.query(consented.query()), request -> issue(request, consented.subject(),
                        Scopes.within(new TreeSet<>(consented.granted()), request.scopes(), "the requested scopes")));
            }
            return authorizeChecked(params, request -> switch (settings.login()) {
                case DEV -> issue(request, devLogin(request), request.scopes());
                case CHALLENGE -> Uni.createFrom().item(found(flow.loginRedirect(rawQuery)));
                case NONE -> throw OAuthError.of(OAuthError.ACCESS_DENIED,
                        "no login is configured on this server (" + OAuthConfig.LOGIN + "=none)");
            });
        } catch (OAuthError e) {
            return Uni.createFrom().item(OAuthResponses.error(e));
        }
    }

    /**
     * Checks client_id and redirect_uri (a failure is answered here), then the rest of the request, then
     * lets {@code login} decide on its code; from the checked redirect URI on, every failure goes back to it.
     */
    private Uni<Response> authorizeChecked(OAuthParameters params, Function<AuthorizationRequest, Uni<Response>> login) {
        return Uni.createFrom().deferred(() -> AuthorizationRequest.registeredClient(clients, params)).chain(client -> {
            String redirectUri = params.require("redirect_uri");
            String state = AuthorizationRequest.stateOf(params);
            return Uni.createFrom().deferred(() -> login.apply(AuthorizationRequest.check(client, redirectUri, params)))
                    .onFailure().recoverWithItem(failure -> redirect(Redirects.error(redirectUri,
                            OAuthResponses.asOAuthError(failure), state, settings.issuer())));
        }).onFailure().recoverWithItem(OAuthResponses::error);
    }

    /** The one code path of every login: the code is stored, and the client gets it with its state and iss. */
    private Uni<Response> issue(AuthorizationRequest request, String subject, SortedSet<String> scopes) {
        return codes.issue(request, subject, scopes).map(code -> redirect(Redirects.location(request.redirectUri(),
                "code", code, "state", request.state(), "iss", settings.issuer())));
    }

    /** The dev login: whoever login_hint names. */
    private static String devLogin(AuthorizationRequest request) {
        String subject = request.loginHint();
        if (subject == null) {
            throw OAuthError.invalidRequest("login_hint is required: the dev login takes the subject from it");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw OAuthError.invalidRequest("login_hint is longer than " + MAX_SUBJECT_LENGTH + " characters");
        }
        return subject;
    }

    /** Back to the client (RFC 6749 §4.1.2); 303, so that no browser repeats a POST that led here. */
    private static Response redirect(String location) {
        return Response.seeOther(URI.create(location))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    /** On to the login or consent app (302, as Hydra answers). */
    private static Response found(String location) {
        return Response.status(Response.Status.FOUND).location(URI.create(location))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }

    // --- token endpoint ---

    @POST
    @Path("/token")
    @Operation(operationId = "token", summary = "Token endpoint: a code or a refresh token for tokens",
            description = "grant_type authorization_code (with code, redirect_uri, code_verifier) or refresh_token (with"
                    + " refresh_token, optionally a narrower scope; the refresh token rotates).")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded", schema = @Schema(type = SchemaType.OBJECT,
            requiredProperties = "grant_type", properties = {
            @SchemaProperty(name = "grant_type", type = SchemaType.STRING, enumeration = {"authorization_code", "refresh_token"}),
            @SchemaProperty(name = "code", type = SchemaType.STRING),
            @SchemaProperty(name = "redirect_uri", type = SchemaType.STRING),
            @SchemaProperty(name = "code_verifier", type = SchemaType.STRING),
            @SchemaProperty(name = "refresh_token", type = SchemaType.STRING),
            @SchemaProperty(name = "scope", type = SchemaType.STRING),
            @SchemaProperty(name = "client_id", type = SchemaType.STRING, description = "client_secret_post and public clients"),
            @SchemaProperty(name = "client_secret", type = SchemaType.STRING, description = "client_secret_post")})))
    @APIResponse(responseCode = "200", description = "The tokens (RFC 6749 §5.1)", content = @Content(mediaType = "application/json",
            schema = @Schema(type = SchemaType.OBJECT, properties = {
                    @SchemaProperty(name = "access_token", type = SchemaType.STRING),
                    @SchemaProperty(name = "token_type", type = SchemaType.STRING, example = "Bearer"),
                    @SchemaProperty(name = "expires_in", type = SchemaType.INTEGER),
                    @SchemaProperty(name = "refresh_token", type = SchemaType.STRING),
                    @SchemaProperty(name = "scope", type = SchemaType.STRING)})))
    @APIResponse(responseCode = "400", ref = OpenApiNames.OAUTH_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiNames.OAUTH_ERROR, description = "invalid_client (with WWW-Authenticate after basic)")
    @SecurityRequirement(name = OpenApiNames.CLIENT_BASIC)
    @SecurityRequirementsSet
    public Uni<Response> token(@Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return authenticated(contentType, authorization, body, (client, params) -> {
            String grantType = params.require("grant_type");
            Uni<IssuedTokens> issued = switch (grantType) {
                case "authorization_code" -> codeGrant.redeem(client, params.get("code"), params.get("redirect_uri"),
                        params.get("code_verifier"));
                case "refresh_token" -> refreshGrant.refresh(client, params.get("refresh_token"), params.get("scope"));
                default -> throw OAuthError.of(OAuthError.UNSUPPORTED_GRANT_TYPE,
                        "grant_type must be authorization_code or refresh_token");
            };
            return issued.map(tokens -> OAuthResponses.json(200, tokenResponse(tokens)));
        });
    }

    private static Map<String, Object> tokenResponse(IssuedTokens tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.expiresIn());
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        body.put("scope", String.join(" ", tokens.scopes()));
        return body;
    }

    // --- revocation endpoint ---

    /**
     * RFC 7009 §2.2: 200 whether or not the token was known, so that the answer tells nothing about
     * other clients' tokens; a token of another client is left alone. A refresh token takes its whole
     * grant with it (§2.1: the server may, and a refresh token's access tokens are worthless without it).
     */
    @POST
    @Path("/revoke")
    @Operation(operationId = "revoke", summary = "Revocation endpoint (RFC 7009)",
            description = "Revokes one of the client's tokens; a refresh token takes its whole grant with it. 200 whether or not the token was known.")
    @RequestBody(required = true, ref = OpenApiNames.TOKEN_FORM)
    @APIResponse(responseCode = "200", description = "Revoked, or not the client's to revoke")
    @APIResponse(responseCode = "400", ref = OpenApiNames.OAUTH_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiNames.OAUTH_ERROR, description = "invalid_client (with WWW-Authenticate after basic)")
    @SecurityRequirement(name = OpenApiNames.CLIENT_BASIC)
    @SecurityRequirementsSet
    public Uni<Response> revoke(@Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return authenticated(contentType, authorization, body, (client, params) -> {
            String id = TokenId.hashOf(params.require("token"));
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            return store.find(id).chain(found -> {
                if (found.isEmpty() || !found.get().clientId().equals(client.id()) || found.get().isRevoked()) {
                    return Uni.createFrom().voidItem();
                }
                TokenRecord token = found.get();
                return token.kind() == TokenKind.REFRESH_TOKEN && token.familyId() != null
                        ? store.revokeFamily(token.familyId(), now).replaceWithVoid()
                        : store.revoke(id, now).replaceWithVoid();
            }).map(ignored -> OAuthResponses.empty());
        });
    }

    // --- introspection endpoint ---

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    /** RFC 7662 §2.2: anything but an active access or refresh token is exactly {@code {"active":false}}. */
    @POST
    @Path("/introspect")
    @Operation(operationId = "introspect", summary = "Introspection endpoint (RFC 7662)",
            description = "Whether a token is active, and if so its scope, client, subject and lifetime.")
    @RequestBody(required = true, ref = OpenApiNames.TOKEN_FORM)
    @APIResponse(responseCode = "200", description = "{\"active\":false}, or the active token's claims",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "active", properties = {
                    @SchemaProperty(name = "active", type = SchemaType.BOOLEAN),
                    @SchemaProperty(name = "scope", type = SchemaType.STRING),
                    @SchemaProperty(name = "client_id", type = SchemaType.STRING),
                    @SchemaProperty(name = "sub", type = SchemaType.STRING),
                    @SchemaProperty(name = "exp", type = SchemaType.INTEGER),
                    @SchemaProperty(name = "iat", type = SchemaType.INTEGER),
                    @SchemaProperty(name = "token_type", type = SchemaType.STRING),
                    @SchemaProperty(name = "token_use", type = SchemaType.STRING, description = "access_token or refresh_token")})))
    @APIResponse(responseCode = "400", ref = OpenApiNames.OAUTH_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiNames.OAUTH_ERROR, description = "invalid_client (with WWW-Authenticate after basic)")
    @SecurityRequirement(name = OpenApiNames.CLIENT_BASIC)
    @SecurityRequirementsSet
    public Uni<Response> introspect(@Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                    @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return authenticated(contentType, authorization, body, (client, params) -> {
            String token = params.require("token");
            Instant now = clock.instant();
            return store.find(TokenId.hashOf(token))
                    .chain(found -> found.filter(record -> record.isActiveAt(now))
                            .filter(record -> record.kind() == TokenKind.ACCESS_TOKEN || record.kind() == TokenKind.REFRESH_TOKEN)
                            .map(record -> signatureHolds(token, now).map(holds -> holds ? Optional.of(record) : Optional.<TokenRecord>empty()))
                            .orElse(Uni.createFrom().item(Optional.empty())))
                    .map(active -> OAuthResponses.json(200, active.map(OAuthResource::introspection).orElse(INACTIVE)));
        });
    }

    /** A JWS must still verify (its key may be retired); an opaque token is its stored row alone. */
    private Uni<Boolean> signatureHolds(String token, Instant now) {
        if (!JwsAccessTokens.looksLikeJws(token)) {
            return Uni.createFrom().item(true);
        }
        return keys.currentRing().map(ring -> JwsAccessTokens.verifies(token, ring, settings.issuer(), now));
    }

    private static Map<String, Object> introspection(TokenRecord token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", String.join(" ", token.scopes()));
        body.put("client_id", token.clientId());
        if (token.subject() != null) {
            body.put("sub", token.subject());
        }
        body.put("exp", token.expiresAt().getEpochSecond());
        body.put("iat", token.issuedAt().getEpochSecond());
        body.put("token_type", "Bearer");
        body.put("token_use", token.kind().wireName());
        return body;
    }

    // --- shared ---

    private interface ClientCall {
        Uni<Response> apply(ClientRecord client, OAuthParameters params);
    }

    /** Decodes the form, authenticates the client (RFC 6749 §2.3), runs {@code call}; any failure is an OAuth error. */
    private Uni<Response> authenticated(String contentType, String authorization, String body, ClientCall call) {
        OAuthParameters params;
        try {
            params = OAuthParameters.form(contentType, body);
        } catch (OAuthError e) {
            return Uni.createFrom().item(OAuthResponses.error(e));
        }
        return Uni.createFrom().deferred(() -> authenticator.authenticate(authorization, params.get("client_id"), params.get("client_secret")))
                .chain(client -> call.apply(client, params))
                .onFailure().recoverWithItem(OAuthResponses::error);
    }

    /** Whatever escapes a method above still answers as OAuth, not as the admin API's problem+json. */
    @ServerExceptionMapper
    public Response unexpected(Throwable failure) {
        return OAuthResponses.error(failure);
    }
}
