package dev.tandem.demo.workload;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.oauth.client.OAuthAnswer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a client judges the OAuth endpoints' answers: pure functions of what the workload expects (its
 * {@link Grant}s) and what came back. Each returns empty when the answer is right, else why not, in
 * words that name grants by number and never hold a token.
 */
public final class Check {
    /** The longest access-token lifetime the server may give (the one hour). */
    static final long MAX_ACCESS_SECONDS = 3600;

    private Check() {
    }

    /** The authorization request: a redirect with a code, the request's state and the server's iss. */
    public static Optional<String> authorized(OAuthAnswer<AuthorizationCode> answer) {
        return answer.ok() ? Optional.empty() : Optional.of("answered " + answer.describe() + " (expected a redirect with a code)");
    }

    /**
     * A code's redemption or a refresh: 200 with a Bearer access token of at most an hour for exactly
     * {@code scopes}, and a refresh token that is not {@code previous} (a refresh rotates it).
     */
    public static Optional<String> issued(OAuthAnswer<Tokens> answer, Set<String> scopes, RefreshToken previous) {
        if (!answer.ok()) {
            return Optional.of("answered " + answer.describe() + " (expected 200 with tokens)");
        }
        List<String> wrong = new ArrayList<>();
        AccessToken access = answer.value().getAccessToken();
        RefreshToken refresh = answer.value().getRefreshToken();
        if (access == null || !AccessTokenType.BEARER.equals(access.getType())) {
            wrong.add("no Bearer access token");
        } else {
            if (access.getLifetime() < 1 || access.getLifetime() > MAX_ACCESS_SECONDS) {
                wrong.add("expires_in " + access.getLifetime() + " (expected 1 to " + MAX_ACCESS_SECONDS + ")");
            }
            Set<String> granted = names(access.getScope());
            if (!granted.equals(scopes)) {
                wrong.add("scope " + granted + " (expected " + scopes + ")");
            }
        }
        if (refresh == null) {
            wrong.add("no refresh token");
        } else if (refresh.equals(previous)) {
            wrong.add("the same refresh token again (a refresh must rotate it)");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of("answered 200 with " + String.join(", ", wrong));
    }

    /**
     * An introspection of a token of {@code grant}: when {@code active}, the token's client, subject,
     * scopes, kind ({@code token_use}) and a future expiry; else exactly {@code {"active":false}}
     * (RFC 7662 §2.2: nothing more about a dead token).
     */
    public static Optional<String> introspected(OAuthAnswer<TokenIntrospectionSuccessResponse> answer, Grant grant,
                                                boolean active, String tokenUse, Instant now) {
        String what = tokenUse + " of " + grant.describe();
        if (!answer.ok()) {
            return Optional.of(what + ": answered " + answer.describe() + " (expected 200)");
        }
        TokenIntrospectionSuccessResponse body = answer.value();
        if (!active) {
            if (body.isActive()) {
                return Optional.of(what + " introspects active; it was revoked (" + grant.state() + ")");
            }
            if (body.getParameters().size() != 1) {
                return Optional.of(what + " introspects inactive with more than {\"active\":false}: " + body.getParameters().keySet());
            }
            return Optional.empty();
        }
        if (!body.isActive()) {
            return Optional.of(what + " introspects inactive; it was never revoked");
        }
        List<String> wrong = new ArrayList<>();
        if (body.getClientID() == null || !grant.app().clientId().equals(body.getClientID().getValue())) {
            wrong.add("client_id");
        }
        if (body.getSubject() == null || !grant.subject().equals(body.getSubject().getValue())) {
            wrong.add("sub");
        }
        if (!names(body.getScope()).equals(grant.scopes())) {
            wrong.add("scope");
        }
        if (!tokenUse.equals(body.getStringParameter("token_use"))) {
            wrong.add("token_use");
        }
        Date exp = body.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            wrong.add("exp");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(what + " introspects active with different " + String.join(", ", wrong));
    }

    /** A revocation: 200 (RFC 7009 §2.2). */
    public static Optional<String> revoked(OAuthAnswer<Boolean> answer) {
        return answer.ok() ? Optional.empty() : Optional.of("answered " + answer.describe() + " (expected 200)");
    }

    /** A replayed rotated or revoked refresh token: refused with 400 invalid_grant (RFC 6749 §5.2, RFC 9700 §4.14.2). */
    public static Optional<String> replayRefused(OAuthAnswer<Tokens> answer) {
        if (answer.ok()) {
            return Optional.of("a replayed refresh token was ACCEPTED (answered " + answer.describe() + " with tokens)");
        }
        if (answer.status() != 400 || !OAuth2Error.INVALID_GRANT.getCode().equals(answer.error())) {
            return Optional.of("answered " + answer.describe() + " (expected HTTP 400 invalid_grant)");
        }
        return Optional.empty();
    }

    static Set<String> names(Scope scope) {
        return scope == null ? Set.of() : Set.copyOf(scope.toStringList());
    }
}
