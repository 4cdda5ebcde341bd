package dev.tandem.orchestrator.oauth;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.orchestrator.apps.ClientDirectory;
import dev.tandem.orchestrator.oauth.LoginChallenges.Pending;
import dev.tandem.orchestrator.oauth.LoginChallenges.Stage;
import io.smallrye.mutiny.Uni;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The login and consent of {@code tandem.oauth.login=challenge}, shaped like Ory Hydra's:
 * <pre>
 *   /oauth2/auth?…                 ──302──▶ login-url?login_challenge=C1
 *   login app: PUT …/login/accept   ──────▶ {"redirect_to": issuer/oauth2/auth?login_verifier=V1}
 *   /oauth2/auth?login_verifier=V1  ──302──▶ consent-url?consent_challenge=C2
 *   consent app: PUT …/consent/accept ────▶ {"redirect_to": issuer/oauth2/auth?consent_verifier=V2}
 *   /oauth2/auth?consent_verifier=V2 ─303──▶ redirect_uri?code=…&amp;state=…&amp;iss=…
 * </pre>
 * A reject at either step answers the client's redirect URI with the error, state and iss. Nothing is
 * stored between the steps: each value seals the request ({@link LoginChallenges}), and the request is
 * checked again, against the client as registered now, whenever it is shown or acted on.
 */
public class LoginConsentFlow {
    static final String NOT_CONFIGURED = "%s is used only with " + OAuthConfig.LOGIN + "=challenge; this server's login is %s";

    private final OAuthSettings settings;
    private final ClientDirectory clients;
    private final Optional<LoginChallenges> challenges;

    /** @param challenges present exactly when the login is {@code challenge} */
    public LoginConsentFlow(OAuthSettings settings, ClientDirectory clients, Optional<LoginChallenges> challenges) {
        this.settings = settings;
        this.clients = clients;
        this.challenges = challenges;
    }

    /** A pending request as the login or consent app is shown it. */
    public record PendingRequest(String challenge, AuthorizationRequest request, String requestUrl, String subject) {
    }

    // --- the authorization endpoint's side ---

    /** Where a checked authorization request sends the user: the login app, with the request sealed. */
    String loginRedirect(String rawQuery) {
        return Redirects.location(settings.loginUrl().orElseThrow(), Stage.LOGIN_CHALLENGE.parameter(),
                sealer(Stage.LOGIN_CHALLENGE).seal(Stage.LOGIN_CHALLENGE, Pending.of(rawQuery)));
    }

    /** After an accepted login: the consent app, with the request and its subject sealed anew. */
    String consentRedirect(String loginVerifier) {
        Pending loggedIn = sealer(Stage.LOGIN_VERIFIER).open(Stage.LOGIN_VERIFIER, loginVerifier);
        return Redirects.location(settings.consentUrl().orElseThrow(), Stage.CONSENT_CHALLENGE.parameter(),
                sealer(Stage.CONSENT_CHALLENGE).seal(Stage.CONSENT_CHALLENGE, loggedIn));
    }

    /** After an accepted consent: the request, its subject and the granted scopes, for the code. */
    Pending consented(String consentVerifier) {
        return sealer(Stage.CONSENT_VERIFIER).open(Stage.CONSENT_VERIFIER, consentVerifier);
    }

    // --- the admin API's side (the login and consent apps) ---

    public Uni<PendingRequest> loginRequest(String challenge) {
        return shown(Stage.LOGIN_CHALLENGE, challenge);
    }

    /** Seals the request with {@code subject} into a login verifier; answers where the app sends the user. */
    public Uni<String> acceptLogin(String challenge, String subject) {
        return checked(Stage.LOGIN_CHALLENGE, challenge).map(pending -> verifierUrl(Stage.LOGIN_VERIFIER,
                pending.pending().loggedIn(subject)));
    }

    public Uni<PendingRequest> consentRequest(String challenge) {
        return shown(Stage.CONSENT_CHALLENGE, challenge);
    }

    /**
     * Seals the granted scopes into a consent verifier; answers where the app sends the user.
     *
     * @return a failure with {@link OAuthError} invalid_scope when a granted scope was not requested
     */
    public Uni<String> acceptConsent(String challenge, List<String> grantScope) {
        return checked(Stage.CONSENT_CHALLENGE, challenge).map(pending -> {
            SortedSet<String> granted = Scopes.within(Collections.unmodifiableSortedSet(new TreeSet<>(grantScope)),
                    pending.request().scopes(), "the requested scope (" + String.join(" ", pending.request().scopes()) + ")");
            return verifierUrl(Stage.CONSENT_VERIFIER, pending.pending().consented(List.copyOf(granted)));
        });
    }

    /** Where the user goes after a rejected login: back to the client with {@code error}, its state and iss. */
    public Uni<String> rejectLogin(String challenge, OAuthError error) {
        return rejected(Stage.LOGIN_CHALLENGE, challenge, error);
    }

    public Uni<String> rejectConsent(String challenge, OAuthError error) {
        return rejected(Stage.CONSENT_CHALLENGE, challenge, error);
    }

    private Uni<String> rejected(Stage stage, String challenge, OAuthError error) {
        return checked(stage, challenge).map(pending -> Redirects.error(pending.request().redirectUri(), error,
                pending.request().state(), settings.issuer()));
    }

    private Uni<PendingRequest> shown(Stage stage, String challenge) {
        return checked(stage, challenge).map(pending -> new PendingRequest(challenge, pending.request(),
                settings.issuer() + "/oauth2/auth?" + pending.pending().query(), pending.pending().subject()));
    }

    private String verifierUrl(Stage stage, Pending pending) {
        return Redirects.location(settings.issuer() + "/oauth2/auth", stage.parameter(), sealer(stage).seal(stage, pending));
    }

    private record Checked(Pending pending, AuthorizationRequest request) {
    }

    /** Opens the value and checks its request again, so that a client deleted or changed since is noticed. */
    private Uni<Checked> checked(Stage stage, String value) {
        return Uni.createFrom().deferred(() -> {
            Pending pending = sealer(stage).open(stage, value);
            OAuthParameters params = OAuthParameters.query(pending.query());
            return AuthorizationRequest.registeredClient(clients, params).map(client -> check(client, params, pending));
        });
    }

    private static Checked check(ClientRecord client, OAuthParameters params, Pending pending) {
        return new Checked(pending, AuthorizationRequest.check(client, params.require("redirect_uri"), params));
    }

    private LoginChallenges sealer(Stage stage) {
        return challenges.orElseThrow(() -> OAuthError.invalidRequest(NOT_CONFIGURED.formatted(stage.parameter(),
                settings.login().name().toLowerCase(Locale.ROOT))));
    }
}
