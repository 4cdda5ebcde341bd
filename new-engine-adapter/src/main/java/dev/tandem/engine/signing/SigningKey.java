package dev.tandem.engine.signing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One Ed25519 access-token signing key and its life: created, activated (signs from then on;
 * published in the JWKS from creation), retired (neither signs nor verifies, and leaves the JWKS).
 * Immutable. The private key is reachable only from this package and shows up in no
 * {@code toString}, log or exception.
 */
public final class SigningKey {
    public static final String ALGORITHM = "EdDSA";
    public static final String CURVE = "Ed25519";

    private final String kid;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final Instant createdAt;
    private final Instant activatedAt;
    private final Instant retiredAt;

    SigningKey(String kid, PublicKey publicKey, PrivateKey privateKey, Instant createdAt, Instant activatedAt, Instant retiredAt) {
        this.kid = Objects.requireNonNull(kid, "kid");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.createdAt = micros(Objects.requireNonNull(createdAt, "createdAt"));
        this.activatedAt = micros(Objects.requireNonNull(activatedAt, "activatedAt"));
        this.retiredAt = retiredAt == null ? null : micros(retiredAt);
    }

    /**
     * A new key pair, created at {@code now}, that starts signing at {@code activatesAt}. Its kid
     * is the RFC 7638 thumbprint of its public key.
     */
    public static SigningKey generate(Instant now, Instant activatesAt) {
        if (activatesAt.isBefore(now)) {
            throw new IllegalArgumentException("activatesAt " + activatesAt + " is before the key's creation at " + now);
        }
        KeyPair pair = Ed25519Keys.generate();
        String kid = Ed25519Keys.thumbprint(Ed25519Keys.rawPublicKey(pair.getPublic()));
        return new SigningKey(kid, pair.getPublic(), pair.getPrivate(), now, activatesAt, null);
    }

    public String kid() {
        return kid;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The 32-byte RFC 8032 public key (a JWK's {@code x}). */
    public byte[] rawPublicKey() {
        return Ed25519Keys.rawPublicKey(publicKey);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant activatedAt() {
        return activatedAt;
    }

    /** Null while the key is in service. */
    public Instant retiredAt() {
        return retiredAt;
    }

    public boolean isRetiredAt(Instant now) {
        return retiredAt != null && !now.isBefore(retiredAt);
    }

    /** Signs at {@code now}: activated and not retired. */
    public boolean canSignAt(Instant now) {
        return !now.isBefore(activatedAt) && !isRetiredAt(now);
    }

    /** Verifies (and is published) at {@code now}: not retired; a key due to activate is published ahead. */
    public boolean canVerifyAt(Instant now) {
        return !isRetiredAt(now);
    }

    public SigningKey retiredAt(Instant at) {
        return new SigningKey(kid, publicKey, privateKey, createdAt, activatedAt, at);
    }

    /** PostgreSQL keeps microseconds: keys compare equal before and after a reload. */
    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + " alg=" + ALGORITHM + " crv=" + CURVE + " createdAt=" + createdAt
                + " activatedAt=" + activatedAt + " retiredAt=" + retiredAt + "]";
    }
}
