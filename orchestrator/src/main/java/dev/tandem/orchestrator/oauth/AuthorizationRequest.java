package dev.tandem.orchestrator.oauth;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.orchestrator.apps.ClientDirectory;
import io.smallrye.mutiny.Uni;

import java.util.SortedSet;

/**
 * An authorization request (RFC 6749 §4.1.1) whose client and redirect URI are known good and whose other
 * parameters passed {@link #check}: what a login decides on and a code is issued for.
 *
 * @param scopes        the requested scopes, or the client's registered ones when the request names none
 * @param codeChallenge the S256 PKCE challenge, or null (confidential clients only)
 * @param loginHint     the {@code login_hint}, or null
 */
public record AuthorizationRequest(ClientRecord client, String redirectUri, String state, SortedSet<String> scopes,
                                   String codeChallenge, String loginHint) {
    static final String UNKNOWN_CLIENT = "client_id is not a registered client";

    /**
     * The client named by client_id, when redirect_uri is one of its registered ones, compared exactly
     * (RFC 6749 §3.1.2.3, RFC 9700 §4.1.3: no normalisation).
     *
     * @return a failure with {@link OAuthError} invalid_request otherwise: to be answered without a redirect
     *         (RFC 6749 §4.1.2.1: redirecting to an unchecked URI would make this an open redirector)
     */
    static Uni<ClientRecord> registeredClient(ClientDirectory clients, OAuthParameters params) {
        String clientId = params.require("client_id");
        String redirectUri = params.require("redirect_uri");
        if (clientId.length() > ClientRecord.MAX_ID_LENGTH) {
            throw OAuthError.invalidRequest(UNKNOWN_CLIENT);
        }
        return clients.find(clientId).map(found -> {
            if (found.isEmpty()) {
                throw OAuthError.invalidRequest(UNKNOWN_CLIENT);
            }
            if (!found.get().redirectUris().contains(redirectUri)) {
                throw OAuthError.invalidRequest("redirect_uri is not one of the client's registered redirect URIs (compared exactly)");
            }
            return found.get();
        });
    }

    /**
     * Checks the parameters after client_id and redirect_uri: response_type, the client's grant, PKCE
     * (RFC 7636; required of public clients) and the scopes (within the client's registered ones).
     *
     * @throws OAuthError the first problem, to be redirected back to the client
     */
    static AuthorizationRequest check(ClientRecord client, String redirectUri, OAuthParameters params) {
        String responseType = params.require("response_type");
        if (!responseType.equals("code")) {
            throw OAuthError.of(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "response_type must be code");
        }
        if (!client.grantTypes().contains("authorization_code")) {
            throw OAuthError.unauthorizedClient("the client is not registered for the authorization_code grant");
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (challenge == null && method == null && client.isPublic()) {
            throw OAuthError.invalidRequest("a public client must send code_challenge with code_challenge_method S256 (RFC 7636)");
        }
        if (challenge != null || method != null) {
            Pkce.requireChallenge(challenge, method);
        }
        SortedSet<String> scopes = Scopes.parse(params.get("scope"))
                .map(requested -> Scopes.within(requested, client.scopes(), "the client's registered scopes"))
                .orElse(client.scopes());
        return new AuthorizationRequest(client, redirectUri, stateOf(params), scopes, challenge, params.get("login_hint"));
    }

    /** The state goes back even on errors about other parameters; a repeated state is not echoed. */
    static String stateOf(OAuthParameters params) {
        try {
            return params.get("state");
        } catch (OAuthError e) {
            return null;
        }
    }
}
