package dev.tandem.demo.workload;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A token the workload wrote, as the workload remembers it: what it sent, never the secret (only its
 * SHA-256, the id). The revocation state changes as the workload revokes it.
 */
public final class IssuedToken {
    private final String id;
    private final String kind;
    private final String clientId;
    private final String subject;
    private final List<String> scopes;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String familyId;
    private final String codeChallenge;
    private final String codeChallengeMethod;
    private final String phase;
    private volatile TokenState state = TokenState.ACTIVE;

    /**
     * @param phase the migration phase the workload believed current when it wrote the token, for failure reports
     */
    public IssuedToken(String id, String kind, String clientId, String subject, List<String> scopes, Instant issuedAt,
                       Instant expiresAt, String familyId, String codeChallenge, String codeChallengeMethod, String phase) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.subject = subject;
        this.scopes = List.copyOf(scopes);
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.familyId = familyId;
        this.codeChallenge = codeChallenge;
        this.codeChallengeMethod = codeChallengeMethod;
        this.phase = phase;
    }

    public String id() {
        return id;
    }

    /** The first 12 characters of the id: enough to find the token in a log, short enough to read. */
    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }

    public String kind() {
        return kind;
    }

    public String clientId() {
        return clientId;
    }

    public String subject() {
        return subject;
    }

    public List<String> scopes() {
        return scopes;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String familyId() {
        return familyId;
    }

    public String codeChallenge() {
        return codeChallenge;
    }

    public String codeChallengeMethod() {
        return codeChallengeMethod;
    }

    public String phase() {
        return phase;
    }

    public TokenState state() {
        return state;
    }

    public void state(TokenState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
