package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.client.ClientRecord;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The token request of the authorization code grant (RFC 6749 §4.1.3) for an authenticated client.
 *
 * <p>A code is one-time (RFC 6749 §4.1.2): the redemption that wins the store's atomic consume gets the
 * tokens; any other, concurrent or later, is {@code invalid_grant} and revokes every token of the grant
 * in both stores, because a second redemption means the code leaked (RFC 9700 §4.5.3). The tokens are
 * written before the consume, so the loser's family revocation, which follows its lost consume, which
 * follows the winner's consume, which follows the winner's writes, always catches them.
 */
public class AuthorizationCodeGrant {
    static final String UNKNOWN = "the code is unknown, expired, or was issued to another client";
    static final String REPLAYED = "the code was redeemed before: every token of its grant is revoked";

    private final GrantStore store;
    private final TokenIssuer issuer;
    private final Clock clock;

    public AuthorizationCodeGrant(GrantStore store, TokenIssuer issuer, Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.clock = clock;
    }

    public Uni<IssuedTokens> redeem(ClientRecord client, String code, String redirectUri, String verifier) {
        if (code == null || code.isEmpty()) {
            return fail(OAuthError.invalidRequest("code is required"));
        }
        if (redirectUri == null) {
            return fail(OAuthError.invalidRequest("redirect_uri is required: the one of the authorization request (RFC 6749 §4.1.3)"));
        }
        if (verifier != null && !Pkce.isValidVerifier(verifier)) {
            return fail(OAuthError.invalidRequest("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)"));
        }
        String id = TokenId.hashOf(code);
        Instant now = now();
        return store.find(id).chain(found -> {
            if (found.isEmpty() || found.get().kind() != TokenKind.AUTHORIZATION_CODE) {
                return fail(OAuthError.invalidGrant(UNKNOWN));
            }
            TokenRecord stored = found.get();
            if (stored.isRevoked()) {
                return revokeGrant(stored.familyId(), now).chain(() -> fail(OAuthError.invalidGrant(REPLAYED)));
            }
            if (!now.isBefore(stored.expiresAt()) || !stored.clientId().equals(client.id())) {
                return fail(OAuthError.invalidGrant(UNKNOWN));
            }
            if (!GrantId.isBoundTo(stored.familyId(), redirectUri)) {
                return fail(OAuthError.invalidGrant("redirect_uri is not the one of the authorization request"));
            }
            OAuthError pkce = pkceFailure(stored, verifier);
            if (pkce != null) {
                return fail(pkce);
            }
            Optional<SortedSet<String>> refresh = client.grantTypes().contains("refresh_token")
                    ? Optional.of(stored.scopes()) : Optional.empty();
            return issuer.issue(client.id(), stored.subject(), stored.scopes(), refresh, stored.familyId())
                    .chain(tokens -> store.consume(id, now).chain(consumed -> consumed.isPresent()
                            ? Uni.createFrom().item(tokens)
                            : revokeGrant(stored.familyId(), now).chain(() -> fail(OAuthError.invalidGrant(REPLAYED)))));
        });
    }

    /** RFC 7636 §4.6; a verifier for a code without a challenge is refused too (a downgrade probe, RFC 9700 §2.1.1). */
    private static OAuthError pkceFailure(TokenRecord code, String verifier) {
        if (code.codeChallenge() == null) {
            return verifier == null ? null
                    : OAuthError.invalidGrant("code_verifier was sent, but the authorization request had no code_challenge");
        }
        if (verifier == null) {
            return OAuthError.invalidGrant("code_verifier is required: the authorization request had a code_challenge");
        }
        return Pkce.verifies(verifier, code.codeChallenge()) ? null
                : OAuthError.invalidGrant("code_verifier does not match the code_challenge");
    }

    private Uni<Void> revokeGrant(String familyId, Instant now) {
        return familyId == null ? Uni.createFrom().voidItem() : store.revokeFamily(familyId, now).replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static <T> Uni<T> fail(OAuthError error) {
        return Uni.createFrom().failure(error);
    }
}
