package dev.tandem.orchestrator.oauth;

import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SortedSet;

/**
 * The authorization half of the code grant (RFC 6749 §4.1.2): once a login has approved a checked
 * request, a one-time code bound to the client, the redirect URI (in its grant id) and the PKCE challenge
 * is stored through the mirrored write path. Every login (dev, challenge) issues its codes here.
 */
public class AuthorizationCodes {
    private final GrantStore store;
    private final OAuthSettings settings;
    private final Clock clock;

    public AuthorizationCodes(GrantStore store, OAuthSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Stores a code for {@code subject} and {@code scopes} (the request's, or fewer); answers the code. */
    public Uni<String> issue(AuthorizationRequest request, String subject, SortedSet<String> scopes) {
        String code = OpaqueTokens.code();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String challenge = request.codeChallenge();
        TokenRecord record = TokenRecord.builder().id(TokenId.hashOf(code)).kind(TokenKind.AUTHORIZATION_CODE)
                .clientId(request.client().id()).subject(subject).scopes(scopes).issuedAt(now)
                .expiresAt(now.plus(settings.codeLifetime())).familyId(GrantId.boundTo(request.redirectUri()))
                .codeChallenge(challenge, challenge == null ? null : PkceMethod.S256).build();
        return store.write(record).replaceWith(code);
    }
}
