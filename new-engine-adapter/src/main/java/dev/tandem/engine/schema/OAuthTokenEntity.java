package dev.tandem.engine.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * A row of {@code oauth_token} as Hibernate sees it. Only the engine store's mapping turns it into a
 * canonical record; the rest of Tandem never handles this class. Writes do not go through the
 * persistence context: the conditional upsert is one native statement (see {@code EngineTokenStore}),
 * so this entity has no {@code @Version} and no generated values.
 */
@Entity
@Table(name = "oauth_token")
public class OAuthTokenEntity {
    @Id
    @Column(name = "id", nullable = false, length = 64)
    public String id;

    /** The token kind's wire name ({@code access_token}, ...). */
    @Column(name = "kind", nullable = false)
    public String kind;

    @Column(name = "client_id", nullable = false, length = 255)
    public String clientId;

    @Column(name = "subject", length = 255)
    public String subject;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "scopes", nullable = false)
    public String[] scopes;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "family_id", length = 40)
    public String familyId;

    @Column(name = "code_challenge", length = 128)
    public String codeChallenge;

    /** The PKCE method's wire name ({@code S256}, {@code plain}). */
    @Column(name = "code_challenge_method")
    public String codeChallengeMethod;

    @Column(name = "signing_key_id")
    public String signingKeyId;

    /** A tombstone: deleted at {@link #version}, kept until the token has expired. */
    @Column(name = "deleted", nullable = false)
    public boolean deleted;

    @Column(name = "version", nullable = false)
    public long version;
}
