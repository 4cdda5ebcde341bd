package dev.tandem.demo.workload;

import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.oauth.client.OAuthApp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One authorization grant as the client holds it and the workload expects it to be: its app, subject
 * and scopes, its newest access and refresh tokens, the refresh tokens its rotations replaced (kept for
 * replays), and whether it is alive. A grant is held by one thread at a time ({@link Ledger}), so what
 * the workload expects of it is never raced by the workload itself. Failure reports name it by its
 * number, never by a token.
 */
public final class Grant {
    /** Rotated refresh tokens kept for replays; older ones are forgotten. */
    static final int KEPT_ROTATED = 3;

    /** What the server must say about the grant's tokens. */
    public enum State {
        /** Issued and never revoked: its newest tokens introspect active and its refresh token refreshes. */
        LIVE,
        /** Revoked (by revocation or by a replay) and acknowledged: every token of it is dead for good. */
        DEAD,
        /** A request about it got no answer: it may or may not have happened, so nothing about it is checked any more. */
        UNKNOWN
    }

    private final long number;
    private final OAuthApp app;
    private final String subject;
    private final Set<String> scopes;
    private final String phase;
    private AccessToken access;
    private RefreshToken refresh;
    private final Deque<RefreshToken> rotated = new ArrayDeque<>();
    private int refreshes;
    private State state = State.LIVE;

    /**
     * @param phase the migration phase the workload believed current when the grant was issued, for failure reports
     */
    public Grant(long number, OAuthApp app, String subject, Set<String> scopes, String phase, Tokens tokens) {
        this.number = number;
        this.app = Objects.requireNonNull(app, "app");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.scopes = Set.copyOf(scopes);
        this.phase = phase;
        this.access = tokens.getAccessToken();
        this.refresh = Objects.requireNonNull(tokens.getRefreshToken(), "a grant needs a refresh token");
    }

    public OAuthApp app() {
        return app;
    }

    public String subject() {
        return subject;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public AccessToken access() {
        return access;
    }

    public RefreshToken refresh() {
        return refresh;
    }

    /** The oldest rotated refresh token kept, if any. */
    public Optional<RefreshToken> rotated() {
        return Optional.ofNullable(rotated.peekFirst());
    }

    public List<RefreshToken> allRotated() {
        return List.copyOf(rotated);
    }

    /** A refresh answered {@code next}: its refresh token replaces the current one, which is rotated out. */
    public void rotateTo(Tokens next) {
        rotated.addLast(refresh);
        while (rotated.size() > KEPT_ROTATED) {
            rotated.removeFirst();
        }
        access = next.getAccessToken();
        refresh = next.getRefreshToken();
        refreshes++;
    }

    public State state() {
        return state;
    }

    public void state(State state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /** E.g. {@code grant #12 (demo-web, public, user-17, issued in LEGACY_ONLY, 3 refreshes)}. */
    public String describe() {
        return "grant #" + number + " (" + app.name() + ", " + (app.isPublic() ? "public" : "confidential") + ", " + subject
                + ", issued in " + phase + ", " + refreshes + " refreshes)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
