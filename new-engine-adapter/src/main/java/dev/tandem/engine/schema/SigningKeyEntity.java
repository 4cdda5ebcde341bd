package dev.tandem.engine.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A row of {@code signing_key}. The private key column holds only the AES-GCM sealed seed; turning
 * a row into a usable key is the signing package's job, with the configured key-encryption key.
 */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity {
    @Id
    @Column(name = "kid", nullable = false)
    public String kid;

    @Column(name = "algorithm", nullable = false)
    public String algorithm;

    @Column(name = "curve", nullable = false)
    public String curve;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "private_key_encrypted", nullable = false)
    public byte[] privateKeyEncrypted;

    @Column(name = "kek_fingerprint", nullable = false)
    public String kekFingerprint;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "activated_at", nullable = false)
    public Instant activatedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Override
    public String toString() {
        // The sealed bytes are no secret without the key-encryption key, but they have no place in a log either.
        return "SigningKeyEntity[kid=" + kid + " kek=" + kekFingerprint + " activatedAt=" + activatedAt + " retiredAt=" + retiredAt + "]";
    }
}
