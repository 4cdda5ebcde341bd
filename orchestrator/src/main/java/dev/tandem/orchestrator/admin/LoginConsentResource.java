package dev.tandem.orchestrator.admin;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.OpenApiNames;
import dev.tandem.orchestrator.admin.AuthRequestView.RedirectTo;
import dev.tandem.orchestrator.api.ApiProblem;
import dev.tandem.orchestrator.oauth.LoginConsentFlow;
import dev.tandem.orchestrator.oauth.OAuthError;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * The login and consent apps' side of {@code tandem.oauth.login=challenge}, shaped like Ory Hydra's admin
 * API: {@code GET /admin/oauth2/auth/requests/login?login_challenge=C} shows the pending request,
 * {@code PUT …/login/accept} ({@code {"subject": S}}) or {@code …/login/reject}
 * ({@code {"error", "error_description"}}) answers {@code {"redirect_to": URL}} for the user; the same for
 * {@code …/consent} with {@code consent_challenge}, whose accept takes {@code {"grant_scope": [...]}}. Reads
 * need viewer, accepts and rejects operator: the login app holds an operator token. A challenge that is
 * altered, expired or of the other step is 400 with {@code "error": "invalid_request"}.
 */
@Path("/admin/oauth2/auth/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiNames.LOGIN_CONSENT)
@SecurityRequirement(name = OpenApiNames.ADMIN_TOKEN)
@APIResponse(responseCode = "400", ref = OpenApiNames.PROBLEM,
        description = "The challenge is missing, altered, expired or of another step (error: invalid_request), or the body is bad")
@APIResponse(responseCode = "401", ref = OpenApiNames.PROBLEM, description = "No admin token, or an unknown one")
@APIResponse(responseCode = "403", ref = OpenApiNames.PROBLEM, description = "The token's role is too low (operator needed)")
public class LoginConsentResource {
    private static final Logger LOG = Logger.getLogger(LoginConsentResource.class);
    static final String SUBJECT = "subject";
    static final String GRANT_SCOPE = "grant_scope";
    static final String ERROR = "error";
    static final String ERROR_DESCRIPTION = "error_description";
    /** RFC 6749 §4.1.2.1: the errors an authorization response may carry. */
    static final List<String> AUTHORIZATION_ERRORS = List.of(OAuthError.ACCESS_DENIED, OAuthError.INVALID_REQUEST,
            OAuthError.UNAUTHORIZED_CLIENT, OAuthError.UNSUPPORTED_RESPONSE_TYPE, OAuthError.INVALID_SCOPE,
            OAuthError.SERVER_ERROR, OAuthError.TEMPORARILY_UNAVAILABLE);
    private static final int MAX_DESCRIPTION_CHARS = 500;

    @Inject
    LoginConsentFlow flow;
    @Inject
    AdminCaller caller;

    @GET
    @Path("/login")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuthRequestView.class)))
    @Operation(operationId = "getLoginRequest", summary = "Show a pending login request",
            description = "The client, the requested scopes and the original request URL behind login_challenge.")
    public Uni<AuthRequestView> loginRequest(@QueryParam("login_challenge") String challenge) {
        caller.identity();
        return asProblem(flow.loginRequest(challenge).map(AuthRequestView::of));
    }

    @PUT
    @Path("/login/accept")
    @Operation(operationId = "acceptLoginRequest", summary = "Accept a login (operator)",
            description = "Body {\"subject\": S}: who logged in. Answers redirect_to, back to /oauth2/auth with login_verifier.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            requiredProperties = SUBJECT, properties = @SchemaProperty(name = SUBJECT, type = SchemaType.STRING, maxLength = 255))))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedirectTo.class)))
    public Uni<RedirectTo> acceptLogin(@QueryParam("login_challenge") String challenge, String body) {
        AdminIdentity identity = caller.identity();
        String subject = subject(AdminRequest.parse(body, List.of(SUBJECT)));
        return accepted("login", identity, flow.acceptLogin(challenge, subject));
    }

    @PUT
    @Path("/login/reject")
    @Operation(operationId = "rejectLoginRequest", summary = "Reject a login (operator)",
            description = "Answers redirect_to: the client's redirect URI with error, error_description, state and iss.")
    @RequestBody(ref = OpenApiNames.AUTH_REJECTION)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedirectTo.class)))
    public Uni<RedirectTo> rejectLogin(@QueryParam("login_challenge") String challenge, String body) {
        caller.identity();
        return asProblem(flow.rejectLogin(challenge, rejection(body))).map(RedirectTo::new);
    }

    @GET
    @Path("/consent")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuthRequestView.class)))
    @Operation(operationId = "getConsentRequest", summary = "Show a pending consent request",
            description = "The client, the subject who logged in and the requested scopes behind consent_challenge.")
    public Uni<AuthRequestView> consentRequest(@QueryParam("consent_challenge") String challenge) {
        caller.identity();
        return asProblem(flow.consentRequest(challenge).map(AuthRequestView::of));
    }

    @PUT
    @Path("/consent/accept")
    @Operation(operationId = "acceptConsentRequest", summary = "Accept a consent (operator)",
            description = "Body {\"grant_scope\": [...]}: some or all of the requested scopes, no other. Answers redirect_to,"
                    + " back to /oauth2/auth with consent_verifier, which redirects to the client with the code.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT,
            requiredProperties = GRANT_SCOPE, properties = @SchemaProperty(name = GRANT_SCOPE, type = SchemaType.ARRAY,
            implementation = String.class))))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedirectTo.class)))
    public Uni<RedirectTo> acceptConsent(@QueryParam("consent_challenge") String challenge, String body) {
        AdminIdentity identity = caller.identity();
        List<String> granted = AdminRequest.parse(body, List.of(GRANT_SCOPE)).strings(GRANT_SCOPE)
                .orElseThrow(() -> AdminRequest.problem(GRANT_SCOPE, GRANT_SCOPE + " is required: the scopes the user grants"));
        return accepted("consent", identity, flow.acceptConsent(challenge, granted));
    }

    @PUT
    @Path("/consent/reject")
    @Operation(operationId = "rejectConsentRequest", summary = "Reject a consent (operator)",
            description = "Answers redirect_to: the client's redirect URI with error, error_description, state and iss.")
    @RequestBody(ref = OpenApiNames.AUTH_REJECTION)
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RedirectTo.class)))
    public Uni<RedirectTo> rejectConsent(@QueryParam("consent_challenge") String challenge, String body) {
        caller.identity();
        return asProblem(flow.rejectConsent(challenge, rejection(body))).map(RedirectTo::new);
    }

    private static String subject(AdminRequest request) {
        String subject = request.string(SUBJECT)
                .orElseThrow(() -> AdminRequest.problem(SUBJECT, SUBJECT + " is required: who logged in"));
        if (subject.length() > TokenRecord.MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw AdminRequest.problem(SUBJECT, SUBJECT + " must be 1 to " + TokenRecord.MAX_SUBJECT_LENGTH
                    + " characters without control characters");
        }
        return subject;
    }

    /** The error goes into the client's redirect URI, so it must be one RFC 6749 names, its description in the RFC's characters. */
    private static OAuthError rejection(String body) {
        AdminRequest request = body == null || body.isBlank() ? AdminRequest.parse("{}", List.of(ERROR, ERROR_DESCRIPTION))
                : AdminRequest.parse(body, List.of(ERROR, ERROR_DESCRIPTION));
        String error = request.string(ERROR).orElse(OAuthError.ACCESS_DENIED);
        if (!AUTHORIZATION_ERRORS.contains(error)) {
            throw AdminRequest.problem(ERROR, ERROR + " must be one of " + String.join(", ", AUTHORIZATION_ERRORS)
                    + " (RFC 6749 §4.1.2.1)");
        }
        String description = request.string(ERROR_DESCRIPTION).orElse(null);
        // RFC 6749 §4.1.2.1: error_description is %x20-21 / %x23-5B / %x5D-7E.
        if (description != null && (description.length() > MAX_DESCRIPTION_CHARS || !description.chars()
                .allMatch(c -> c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e)))) {
            throw AdminRequest.problem(ERROR_DESCRIPTION, ERROR_DESCRIPTION + " must be at most " + MAX_DESCRIPTION_CHARS
                    + " printable ASCII characters without '\"' and '\\' (RFC 6749 §4.1.2.1)");
        }
        return OAuthError.of(error, description);
    }

    /** Logged by who accepted, never with the subject or the challenge: the log is no place for either. */
    private static Uni<RedirectTo> accepted(String step, AdminIdentity identity, Uni<String> redirectTo) {
        return asProblem(redirectTo).map(url -> {
            LOG.infof("%s accepted by %s", step, identity.name());
            return new RedirectTo(url);
        });
    }

    /** The flow's OAuth errors as this API's problems, with the OAuth error code beside the detail. */
    private static <T> Uni<T> asProblem(Uni<T> answer) {
        return answer.onFailure(OAuthError.class).transform(failure -> {
            OAuthError error = (OAuthError) failure;
            String title = error.status() == 400 ? "Bad request" : error.status() == 503 ? "Service unavailable" : "Internal error";
            return new ApiProblem(error.status(), title, error.description(), Map.of(ERROR, error.error()));
        });
    }
}
