package dev.tandem.orchestrator.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tandem.admin.view.App;
import dev.tandem.orchestrator.oauth.LoginConsentFlow.PendingRequest;

import java.util.List;
import java.util.Map;

/**
 * A pending login or consent request as {@code GET /admin/oauth2/auth/requests/login|consent} shows it to
 * the login or consent app, in Ory Hydra's names: the client (as {@code /admin/apps} shows it, without a
 * secret), the requested scopes, the original request URL, and the subject once logged in. {@code skip} is
 * always false: this server keeps no login session, so every authorization asks again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"challenge", "client", "requested_scope", "redirect_uri", "request_url", "subject", "skip", "oidc_context"})
public record AuthRequestView(
        @JsonProperty("challenge") String challenge,
        @JsonProperty("client") App client,
        @JsonProperty("requested_scope") List<String> requestedScope,
        @JsonProperty("redirect_uri") String redirectUri,
        @JsonProperty("request_url") String requestUrl,
        @JsonProperty("subject") String subject,
        @JsonProperty("skip") boolean skip,
        @JsonProperty("oidc_context") Map<String, String> oidcContext) {

    static AuthRequestView of(PendingRequest pending) {
        String loginHint = pending.request().loginHint();
        return new AuthRequestView(pending.challenge(), AppViews.app(pending.request().client(), null),
                List.copyOf(pending.request().scopes()), pending.request().redirectUri(), pending.requestUrl(),
                pending.subject(), false, loginHint == null ? Map.of() : Map.of("login_hint", loginHint));
    }

    /** The answer of an accept or a reject: where the app sends the user next. */
    public record RedirectTo(@JsonProperty("redirect_to") String redirectTo) {
    }
}
