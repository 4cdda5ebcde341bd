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
 * The refresh token grant (RFC 6749 §6) with rotation: every use consumes the presented refresh token
 * atomically and issues a new one in the same family. Presenting a consumed (rotated) or revoked one is
 * reuse: {@code invalid_grant}, and the whole family is revoked in both stores (RFC 9700 §4.14.2), as a
 * lost consume is. The scope may narrow, never widen, and never beyond the client's registered scopes.
 */
public class RefreshTokenGrant {
    static final String UNKNOWN = "the refresh token is unknown, expired, or was issued to another client";
    static final String REUSED = "the refresh token was used before: every token of its grant is revoked";

    private final GrantStore store;
    private final TokenIssuer issuer;
    private final Clock clock;

    public RefreshTokenGrant(GrantStore store, TokenIssuer issuer, Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.clock = clock;
    }

    public Uni<IssuedTokens> refresh(ClientRecord client, String refreshToken, String scope) {
        if (!client.grantTypes().contains("refresh_token")) {
            return fail(OAuthError.unauthorizedClient("the client is not registered for the refresh_token grant"));
        }
        if (refreshToken == null || refreshToken.isEmpty()) {
            return fail(OAuthError.invalidRequest("refresh_token is required"));
        }
        Optional<SortedSet<String>> requested;
        try {
            requested = Scopes.parse(scope);
        } catch (OAuthError e) {
            return fail(e);
        }
        String id = TokenId.hashOf(refreshToken);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return store.find(id).chain(found -> {
            if (found.isEmpty() || found.get().kind() != TokenKind.REFRESH_TOKEN
                    || !found.get().clientId().equals(client.id())) {
                return fail(OAuthError.invalidGrant(UNKNOWN));
            }
            TokenRecord stored = found.get();
            if (stored.isRevoked()) {
                return reused(stored, now);
            }
            if (!now.isBefore(stored.expiresAt())) {
                return fail(OAuthError.invalidGrant(UNKNOWN));
            }
            SortedSet<String> granted = Scopes.intersection(stored.scopes(), client.scopes());
            SortedSet<String> access;
            try {
                access = requested.map(scopes -> Scopes.within(scopes, granted, "the refresh token's grant")).orElse(granted);
            } catch (OAuthError e) {
                return fail(e);
            }
            // A token from before Tandem may have no family: its successors start one.
            String family = stored.familyId() != null ? stored.familyId() : GrantId.unbound();
            return issuer.issue(client.id(), stored.subject(), access, Optional.of(granted), family)
                    .chain(tokens -> store.consume(id, now).chain(consumed -> consumed.isPresent()
                            ? Uni.createFrom().item(tokens)
                            : store.revokeFamily(family, now).chain(() -> fail(OAuthError.invalidGrant(REUSED)))));
        });
    }

    private Uni<IssuedTokens> reused(TokenRecord stored, Instant now) {
        Uni<?> revoked = stored.familyId() != null ? store.revokeFamily(stored.familyId(), now) : Uni.createFrom().voidItem();
        return revoked.chain(() -> fail(OAuthError.invalidGrant(REUSED)));
    }

    private static <T> Uni<T> fail(OAuthError error) {
        return Uni.createFrom().failure(error);
    }
}
