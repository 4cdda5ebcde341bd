package dev.tandem.engine.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * A row of {@code oauth_client} as Hibernate sees it; only the engine's client mapping turns it into
 * a canonical record. As with {@link OAuthTokenEntity}, writes are one native statement (see
 * {@code EngineClientStore}), so there is no {@code @Version} and no generated value.
 */
@Entity
@Table(name = "oauth_client")
public class OAuthClientEntity {
    @Id
    @Column(name = "id", nullable = false, length = 255)
    public String id;

    @Column(name = "name", nullable = false, length = 255)
    public String name;

    @Column(name = "secret_hash", length = 255)
    public String secretHash;

    @Column(name = "previous_secret_hash", length = 255)
    public String previousSecretHash;

    /** In registration order. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_uris", nullable = false)
    public String[] redirectUris;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "grant_types", nullable = false)
    public String[] grantTypes;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "scopes", nullable = false)
    public String[] scopes;

    /** The RFC 7591 wire name ({@code client_secret_basic}, {@code client_secret_post}, {@code none}). */
    @Column(name = "token_endpoint_auth_method", nullable = false)
    public String tokenEndpointAuthMethod;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** A tombstone: deleted by the write of {@link #version}. */
    @Column(name = "deleted", nullable = false)
    public boolean deleted;

    @Column(name = "version", nullable = false)
    public long version;
}
