package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.AccessTokenSigner;
import dev.tandem.engine.signing.SignedAccessToken;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;

/**
 * Mints and writes the tokens of one grant: an access token (EdDSA JWS while the engine is primary,
 * opaque like the old server's while legacy is, DESIGN.md's token formats) and, for a client that may
 * refresh, a new refresh token in the same family. Both are written before the caller consumes the code
 * or the refresh token they replace: a caller that then loses the consume revokes the family, and so
 * every token written for it, the winner's included (see {@link AuthorizationCodeGrant}).
 */
public class TokenIssuer {
    private final GrantStore store;
    private final SigningKeySource keys;
    private final OAuthSettings settings;
    private final Supplier<Store> primary;
    private final Clock clock;

    public TokenIssuer(GrantStore store, SigningKeySource keys, OAuthSettings settings, Supplier<Store> primary, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.settings = settings;
        this.primary = primary;
        this.clock = clock;
    }

    /**
     * @param accessScopes  what the access token carries
     * @param refreshScopes what the refresh token carries (RFC 6749 §6: those of the grant), or empty for no refresh token
     */
    public Uni<IssuedTokens> issue(String clientId, String subject, SortedSet<String> accessScopes,
                                   Optional<SortedSet<String>> refreshScopes, String familyId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant accessExpiry = now.plus(settings.accessTokenLifetime());
        Uni<Minted> access = primary.get() == Store.ENGINE
                ? keys.signingRing().map(ring -> {
                    SignedAccessToken signed = new AccessTokenSigner(settings.issuer(), () -> ring, clock)
                            .sign(clientId, subject, accessScopes, now, accessExpiry);
                    return new Minted(signed.compactJws(), signed.toRecord(0, familyId));
                })
                : Uni.createFrom().item(() -> {
                    String token = OpaqueTokens.accessToken();
                    return new Minted(token, record(token, TokenKind.ACCESS_TOKEN, clientId, subject, accessScopes,
                            now, accessExpiry, familyId));
                });
        return access.chain(minted -> store.write(minted.record).chain(ignored -> {
            if (refreshScopes.isEmpty()) {
                return Uni.createFrom().item(new IssuedTokens(minted.token, settings.accessTokenLifetime().getSeconds(),
                        null, accessScopes));
            }
            String refresh = OpaqueTokens.refreshToken();
            return store.write(record(refresh, TokenKind.REFRESH_TOKEN, clientId, subject, refreshScopes.get(),
                            now, now.plus(settings.refreshTokenLifetime()), familyId))
                    .map(written -> new IssuedTokens(minted.token, settings.accessTokenLifetime().getSeconds(),
                            refresh, accessScopes));
        }));
    }

    static TokenRecord record(String token, TokenKind kind, String clientId, String subject, SortedSet<String> scopes,
                              Instant issuedAt, Instant expiresAt, String familyId) {
        return TokenRecord.builder().id(TokenId.hashOf(token)).kind(kind).clientId(clientId).subject(subject)
                .scopes(scopes).issuedAt(issuedAt).expiresAt(expiresAt).familyId(familyId).build();
    }

    private record Minted(String token, TokenRecord record) {
    }
}
