package dev.tandem.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The canonical token record: the unit of mirroring and comparison. Each store adapter maps its
 * own rows to and from it; nothing compares raw rows.
 *
 * <p>The constructor validates and normalizes (scopes sorted and immutable, times in whole
 * seconds), so a record that exists is valid. The limits on lengths are the tighter of the two
 * stores', so that every valid record can be mirrored to either store.
 *
 * @param id                  lowercase hex SHA-256 of the token secret (required)
 * @param kind                access token, refresh token or authorization code (required)
 * @param clientId            the OAuth client (required, at most 255 characters)
 * @param subject             the resource owner; null for a client's own tokens (at most 255)
 * @param scopes              granted scopes, a sorted set of space-free names (required, may be empty)
 * @param issuedAt            issue time, whole seconds (required)
 * @param expiresAt           expiry, whole seconds, after {@code issuedAt} (required)
 * @param revokedAt           revocation time, whole seconds; null while the token is usable
 * @param familyId            the grant shared by a refresh chain; null when there is none (at most 40)
 * @param codeChallenge       PKCE challenge (codes); present exactly when {@code codeChallengeMethod} is
 * @param codeChallengeMethod PKCE method
 * @param deleted             a tombstone: the token was deleted by the write of this version. The
 *                            fields are those the token had, so that a tombstone merges and compares
 *                            like any record; no read serves it (see {@link TokenStore#find})
 * @param version             write version from the orchestrator's {@link HybridLogicalClock}; 0 for
 *                            rows that predate Tandem
 */
public record TokenRecord(
        String id,
        TokenKind kind,
        String clientId,
        String subject,
        SortedSet<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt,
        String familyId,
        String codeChallenge,
        PkceMethod codeChallengeMethod,
        boolean deleted,
        long version) {

    public static final int MAX_CLIENT_ID_LENGTH = 255;
    public static final int MAX_SUBJECT_LENGTH = 255;
    /** Legacy keeps the grant in {@code request_id VARCHAR(40)}. */
    public static final int MAX_FAMILY_ID_LENGTH = 40;
    public static final int MAX_CODE_CHALLENGE_LENGTH = 128;

    public TokenRecord {
        TokenId.requireValid("id", id);
        require("kind", kind);
        clientId = requireText("clientId", clientId, MAX_CLIENT_ID_LENGTH);
        subject = optionalText("subject", subject, MAX_SUBJECT_LENGTH);
        scopes = normalizeScopes(scopes);
        issuedAt = wholeSeconds("issuedAt", issuedAt);
        expiresAt = wholeSeconds("expiresAt", expiresAt);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new InvalidTokenRecordException("expiresAt",
                    expiresAt + " is not after issuedAt " + issuedAt + ": a token must expire after it is issued");
        }
        revokedAt = revokedAt == null ? null : revokedAt.truncatedTo(ChronoUnit.SECONDS);
        familyId = optionalText("familyId", familyId, MAX_FAMILY_ID_LENGTH);
        codeChallenge = optionalText("codeChallenge", codeChallenge, MAX_CODE_CHALLENGE_LENGTH);
        if ((codeChallenge == null) != (codeChallengeMethod == null)) {
            throw new InvalidTokenRecordException(codeChallenge == null ? "codeChallenge" : "codeChallengeMethod",
                    "codeChallenge and codeChallengeMethod go together: give both or neither");
        }
        if (version < 0) {
            throw new InvalidTokenRecordException("version", version + " is negative: versions start at 0");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id).kind(kind).clientId(clientId).subject(subject).scopes(scopes)
                .issuedAt(issuedAt).expiresAt(expiresAt).revokedAt(revokedAt).familyId(familyId)
                .codeChallenge(codeChallenge, codeChallengeMethod).deleted(deleted).version(version);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Usable: not deleted, not revoked and not expired at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return !deleted && !isRevoked() && now.isBefore(expiresAt);
    }

    public TokenRecord withVersion(long newVersion) {
        return toBuilder().version(newVersion).build();
    }

    /** This record deleted by the write of {@code deleteVersion}: its tombstone. */
    public TokenRecord tombstone(long deleteVersion) {
        return toBuilder().deleted(true).version(deleteVersion).build();
    }

    /**
     * What two stores' records of one token merge to, either of them possibly absent (null): the
     * record both should hold, null when neither holds one. The repair writes it; a read that has to
     * ask both stores serves it.
     */
    public static TokenRecord merge(TokenRecord a, TokenRecord b) {
        return a == null ? b : b == null ? a : a.mergedWith(b);
    }

    /**
     * The record a store holds after it has seen both this record and {@code incoming}: the fields
     * of the higher version (whether it is a tombstone among them: a delete is a write like any
     * other), revoked if either is revoked (at the earlier time), and the higher version. This merge is commutative, associative and idempotent, which is what lets two stores
     * that see the same writes in different orders end in the same state; and revocation is
     * terminal because no merge can clear it. Both adapters implement exactly this in SQL.
     */
    public TokenRecord mergedWith(TokenRecord incoming) {
        if (!id.equals(incoming.id)) {
            throw new IllegalArgumentException("cannot merge records of two different ids");
        }
        TokenRecord newer = incoming.version > version ? incoming : this;
        Instant revoked = earliest(revokedAt, incoming.revokedAt);
        return newer.toBuilder().revokedAt(revoked).version(Math.max(version, incoming.version)).build();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }

    private static <T> T require(String field, T value) {
        if (value == null) {
            throw new InvalidTokenRecordException(field, "is required");
        }
        return value;
    }

    private static String requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenRecordException(field, "is required and must not be blank");
        }
        return optionalText(field, value, maxLength);
    }

    private static String optionalText(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidTokenRecordException(field,
                    "is " + value.length() + " characters long; at most " + maxLength + " are allowed");
        }
        return value;
    }

    private static Instant wholeSeconds(String field, Instant value) {
        return require(field, value).truncatedTo(ChronoUnit.SECONDS);
    }

    private static SortedSet<String> normalizeScopes(Collection<String> scopes) {
        require("scopes", scopes);
        TreeSet<String> sorted = new TreeSet<>();
        for (String scope : scopes) {
            if (scope == null || scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidTokenRecordException("scopes",
                        "\"" + scope + "\" is not a scope: scopes are non-empty names without white space");
            }
            sorted.add(scope);
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    @Override
    public String toString() {
        // Spelled out so that a log line shows what a triager needs and nothing else.
        return "TokenRecord[" + kind.wireName() + " " + id + " v" + version + " client=" + clientId
                + " subject=" + subject + " scopes=" + scopes + " issuedAt=" + issuedAt + " expiresAt=" + expiresAt
                + " revokedAt=" + revokedAt + " familyId=" + familyId
                + " pkce=" + (codeChallengeMethod == null ? "none" : codeChallengeMethod.wireName())
                + (deleted ? " deleted" : "") + "]";
    }

    /** A mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String id;
        private TokenKind kind;
        private String clientId;
        private String subject;
        private Collection<String> scopes = new TreeSet<>();
        private Instant issuedAt;
        private Instant expiresAt;
        private Instant revokedAt;
        private String familyId;
        private String codeChallenge;
        private PkceMethod codeChallengeMethod;
        private boolean deleted;
        private long version;

        public Builder id(String id) { this.id = id; return this; }
        public Builder kind(TokenKind kind) { this.kind = kind; return this; }
        public Builder clientId(String clientId) { this.clientId = clientId; return this; }
        public Builder subject(String subject) { this.subject = subject; return this; }
        public Builder scopes(Collection<String> scopes) { this.scopes = scopes; return this; }
        public Builder issuedAt(Instant issuedAt) { this.issuedAt = issuedAt; return this; }
        public Builder expiresAt(Instant expiresAt) { this.expiresAt = expiresAt; return this; }
        public Builder revokedAt(Instant revokedAt) { this.revokedAt = revokedAt; return this; }
        public Builder familyId(String familyId) { this.familyId = familyId; return this; }
        public Builder deleted(boolean deleted) { this.deleted = deleted; return this; }
        public Builder version(long version) { this.version = version; return this; }

        public Builder codeChallenge(String challenge, PkceMethod method) {
            this.codeChallenge = challenge;
            this.codeChallengeMethod = method;
            return this;
        }

        public TokenRecord build() {
            return new TokenRecord(id, kind, clientId, subject, scopes == null ? null : new TreeSet<>(scopes),
                    issuedAt, expiresAt, revokedAt, familyId, codeChallenge, codeChallengeMethod, deleted, version);
        }
    }
}
