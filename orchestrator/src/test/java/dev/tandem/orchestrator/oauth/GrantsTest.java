package dev.tandem.orchestrator.oauth;

import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The code and refresh grants' security rules over a store held in a map (its consume a real
 * compare-and-set): one-time codes bound to client, redirect URI and PKCE challenge; a replay revokes
 * the whole grant; refresh tokens rotate, and presenting a rotated one revokes the family.
 */
class GrantsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String REDIRECT = "https://shop.example/cb";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final MapStore store = new MapStore();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final OAuthSettings settings = new OAuthSettings("http://127.0.0.1:8080", OAuthSettings.Login.DEV, 10_000,
            Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofDays(30), List.of("openid"), Optional.empty(), Optional.empty());
    private final TokenIssuer issuer = new TokenIssuer(store, null, settings, () -> Store.LEGACY, clock);
    private final AuthorizationCodeGrant codes = new AuthorizationCodeGrant(store, issuer, clock);
    private final RefreshTokenGrant refreshes = new RefreshTokenGrant(store, issuer, clock);
    private final ClientRecord client = client("shop");

    private static ClientRecord client(String id) {
        return new ClientRecord(id, id, null, null, List.of(REDIRECT), new TreeSet<>(ClientRecord.GRANT_TYPES),
                ClientAuthMethod.NONE, new TreeSet<>(Set.of("orders.read", "orders.write")), NOW, NOW, false, 1);
    }

    /** A code as /oauth2/auth stores it; answers the code itself. */
    private String code(String challenge, Instant expiresAt) {
        String code = OpaqueTokens.code();
        TokenRecord.Builder record = TokenRecord.builder().id(TokenId.hashOf(code)).kind(TokenKind.AUTHORIZATION_CODE)
                .clientId(client.id()).subject("alice").scopes(Set.of("orders.read", "orders.write"))
                .issuedAt(NOW.minusSeconds(30)).expiresAt(expiresAt).familyId(GrantId.boundTo(REDIRECT));
        if (challenge != null) {
            record.codeChallenge(challenge, PkceMethod.S256);
        }
        store.write(record.build()).await().indefinitely();
        return code;
    }

    private String code() {
        return code(Pkce.challengeOf(VERIFIER), NOW.plusSeconds(600));
    }

    private static String error(Uni<?> call) {
        try {
            call.await().indefinitely();
        } catch (OAuthError e) {
            return e.error() + ": " + e.getMessage();
        }
        throw new AssertionError("expected an OAuth error");
    }

    @Test
    void aCodeIsRedeemedOnceAndItsReplayRevokesEveryTokenOfTheGrant() {
        String code = code();
        IssuedTokens tokens = codes.redeem(client, code, REDIRECT, VERIFIER).await().indefinitely();
        assertThat(tokens.accessToken()).startsWith(OpaqueTokens.ACCESS_TOKEN_PREFIX);
        assertThat(tokens.refreshToken()).startsWith(OpaqueTokens.REFRESH_TOKEN_PREFIX);
        assertThat(store.active(tokens.accessToken())).isTrue();

        assertThat(error(codes.redeem(client, code, REDIRECT, VERIFIER))).startsWith("invalid_grant: " + AuthorizationCodeGrant.REPLAYED);
        assertThat(store.active(tokens.accessToken())).as("the access token of a replayed code").isFalse();
        assertThat(store.active(tokens.refreshToken())).as("the refresh token of a replayed code").isFalse();
    }

    @Test
    void aCodeIsBoundToItsClientItsExactRedirectUriAndItsExpiry() {
        assertThat(error(codes.redeem(client("other"), code(), REDIRECT, VERIFIER))).startsWith("invalid_grant");
        for (String near : List.of(REDIRECT + "/", "https://SHOP.example/cb", REDIRECT + "?x=1")) {
            assertThat(error(codes.redeem(client, code(), near, VERIFIER))).as(near)
                    .isEqualTo("invalid_grant: redirect_uri is not the one of the authorization request");
        }
        assertThat(error(codes.redeem(client, code(Pkce.challengeOf(VERIFIER), NOW), REDIRECT, VERIFIER)))
                .as("expired").startsWith("invalid_grant: " + AuthorizationCodeGrant.UNKNOWN);
        assertThat(error(codes.redeem(client, OpaqueTokens.code(), REDIRECT, VERIFIER))).startsWith("invalid_grant");
    }

    @Test
    void pkceIsCheckedBothWays() {
        assertThat(error(codes.redeem(client, code(), REDIRECT, null))).contains("code_verifier is required");
        assertThat(error(codes.redeem(client, code(), REDIRECT, VERIFIER.replace('d', 'e'))))
                .contains("does not match");
        assertThat(error(codes.redeem(client, code(null, NOW.plusSeconds(600)), REDIRECT, VERIFIER)))
                .as("a verifier for a code without a challenge: a downgrade").contains("had no code_challenge");
        assertThat(error(codes.redeem(client, code(), REDIRECT, "short"))).startsWith("invalid_request");
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenRevokesTheFamily() {
        IssuedTokens first = codes.redeem(client, code(), REDIRECT, VERIFIER).await().indefinitely();
        IssuedTokens second = refreshes.refresh(client, first.refreshToken(), null).await().indefinitely();
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(store.active(first.refreshToken())).as("a rotated refresh token").isFalse();
        assertThat(store.active(second.refreshToken())).isTrue();

        assertThat(error(refreshes.refresh(client, first.refreshToken(), null))).startsWith("invalid_grant");
        assertThat(store.active(second.refreshToken())).as("the successor, after its predecessor was reused").isFalse();
        assertThat(store.active(second.accessToken())).isFalse();
    }

    @Test
    void refreshMayNarrowTheScopeButNeverWidenIt() {
        IssuedTokens first = codes.redeem(client, code(), REDIRECT, VERIFIER).await().indefinitely();
        IssuedTokens narrowed = refreshes.refresh(client, first.refreshToken(), "orders.read").await().indefinitely();
        assertThat(narrowed.scopes()).containsExactly("orders.read");
        assertThat(error(refreshes.refresh(client, narrowed.refreshToken(), "orders.read admin"))).startsWith("invalid_scope");
        assertThat(error(refreshes.refresh(client("other"), narrowed.refreshToken(), null))).startsWith("invalid_grant");
    }

    @Test
    void ofConcurrentRedemptionsOfOneCodeAtMostOneKeepsItsTokens() {
        String code = code();
        List<Uni<Object>> racers = List.of(codes.redeem(client, code, REDIRECT, VERIFIER).map(t -> (Object) t)
                        .onFailure().recoverWithItem(e -> e),
                codes.redeem(client, code, REDIRECT, VERIFIER).map(t -> (Object) t).onFailure().recoverWithItem(e -> e));
        List<Object> answers = Uni.join().all(racers).andFailFast().await().indefinitely();
        long live = answers.stream().filter(IssuedTokens.class::isInstance)
                .filter(t -> store.active(((IssuedTokens) t).accessToken())).count();
        assertThat(live).isLessThanOrEqualTo(1);
        assertThat(answers.stream().filter(OAuthError.class::isInstance).count()).isGreaterThanOrEqualTo(1);
    }

    /** The migrating store reduced to a map: consume is a compare-and-set, revocation terminal. */
    static final class MapStore implements GrantStore {
        private final Map<String, TokenRecord> tokens = new ConcurrentHashMap<>();

        boolean active(String token) {
            TokenRecord record = tokens.get(TokenId.hashOf(token));
            return record != null && record.isActiveAt(NOW);
        }

        @Override
        public Uni<Optional<TokenRecord>> find(String id) {
            return Uni.createFrom().item(Optional.ofNullable(tokens.get(id)));
        }

        @Override
        public Uni<TokenRecord> write(TokenRecord record) {
            return Uni.createFrom().item(tokens.merge(record.id(), record, TokenRecord::mergedWith));
        }

        @Override
        public Uni<Optional<TokenRecord>> consume(String id, Instant at) {
            TokenRecord held = tokens.get(id);
            if (held == null || held.isRevoked()) {
                return Uni.createFrom().item(Optional.empty());
            }
            TokenRecord consumed = held.toBuilder().revokedAt(at).build();
            return Uni.createFrom().item(tokens.replace(id, held, consumed) ? Optional.of(consumed) : Optional.empty());
        }

        @Override
        public Uni<Optional<TokenRecord>> revoke(String id, Instant at) {
            return Uni.createFrom().item(Optional.ofNullable(tokens.computeIfPresent(id,
                    (key, held) -> held.isRevoked() ? held : held.toBuilder().revokedAt(at).build())));
        }

        @Override
        public Uni<Integer> revokeFamily(String familyId, Instant at) {
            int[] count = {0};
            tokens.replaceAll((id, held) -> {
                if (familyId.equals(held.familyId()) && !held.isRevoked()) {
                    count[0]++;
                    return held.toBuilder().revokedAt(at).build();
                }
                return held;
            });
            return Uni.createFrom().item(count[0]);
        }
    }
}
