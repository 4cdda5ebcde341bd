package dev.tandem.engine.signing;

import dev.tandem.engine.EngineErrorClassifier;
import dev.tandem.engine.EngineTokenStore;
import dev.tandem.engine.schema.SigningKeyEntity;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Persists signing keys in the {@code signing_key} table, private keys sealed with the
 * {@link KeyEncryptionKey}. Every instance of the application shares the table: one rotates, the
 * others pick the new key up on their next {@link #load()}.
 */
public class SigningKeyStore {
    private final Mutiny.SessionFactory sessions;
    private final KeyEncryptionKey kek;
    private final Clock clock;
    private final EngineErrorClassifier errors = new EngineErrorClassifier(EngineTokenStore.NAME);

    public SigningKeyStore(Mutiny.SessionFactory sessions, KeyEncryptionKey kek, Clock clock) {
        this.sessions = sessions;
        this.kek = kek;
        this.clock = clock;
    }

    /**
     * Every key that is not retired, decrypted.
     *
     * @throws KeyDecryptionException (as the Uni's failure) when a key was sealed with another
     *                                key-encryption key than the configured one
     */
    public Uni<SigningKeyRing> load() {
        Instant now = clock.instant();
        return run("load signing keys", () -> sessions.withStatelessSession(session -> session
                .createSelectionQuery("from SigningKeyEntity where retiredAt is null or retiredAt > :now order by activatedAt",
                        SigningKeyEntity.class)
                .setParameter("now", now)
                .getResultList()))
                .map(rows -> SigningKeyRing.of(rows.stream().map(this::unseal).toList()));
    }

    /** A new key that signs from now on. Older keys keep verifying until {@linkplain #retire retired}. */
    public Uni<SigningKey> rotate() {
        return rotate(Duration.ZERO);
    }

    /**
     * A new key, published (JWKS) at once and signing after {@code publishAhead}: resource servers
     * that cache the JWKS for up to that long know the key before they see its first token.
     */
    public Uni<SigningKey> rotate(Duration publishAhead) {
        if (publishAhead.isNegative()) {
            throw new IllegalArgumentException("publishAhead " + publishAhead + " is negative");
        }
        Instant now = clock.instant();
        SigningKey key = SigningKey.generate(now, now.plus(publishAhead));
        SigningKeyEntity row = seal(key);
        return run("store a signing key", () -> sessions.withStatelessTransaction(session -> session.insert(row)))
                .replaceWith(key);
    }

    /** The ring, with a fresh key rotated in first when no key can sign now (first start). */
    public Uni<SigningKeyRing> ensureActiveKey() {
        return load().chain(ring -> ring.activeAt(clock.instant()).isPresent()
                ? Uni.createFrom().item(ring)
                : rotate().replaceWith(this::load).chain(reload -> reload));
    }

    /**
     * Retires a key now: it stops signing and verifying and leaves the JWKS. Answers false when no
     * key in service has that kid.
     */
    public Uni<Boolean> retire(String kid) {
        Instant now = clock.instant();
        return run("retire a signing key", () -> sessions.withStatelessTransaction(session -> session
                .createMutationQuery("update SigningKeyEntity set retiredAt = :now where kid = :kid and retiredAt is null")
                .setParameter("now", now)
                .setParameter("kid", kid)
                .executeUpdate()))
                .map(updated -> updated > 0);
    }

    private SigningKeyEntity seal(SigningKey key) {
        SigningKeyEntity row = new SigningKeyEntity();
        row.kid = key.kid();
        row.algorithm = SigningKey.ALGORITHM;
        row.curve = SigningKey.CURVE;
        row.publicKey = key.rawPublicKey();
        byte[] seed = Ed25519Keys.seed(key.privateKey());
        try {
            row.privateKeyEncrypted = kek.seal(key.kid(), seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        row.kekFingerprint = kek.fingerprint();
        row.createdAt = key.createdAt();
        row.activatedAt = key.activatedAt();
        row.retiredAt = key.retiredAt();
        return row;
    }

    private SigningKey unseal(SigningKeyEntity row) {
        if (!kek.fingerprint().equals(row.kekFingerprint)) {
            throw new KeyDecryptionException("signing key " + row.kid + " was sealed with key-encryption key "
                    + row.kekFingerprint + ", but the configured key-encryption key is " + kek.fingerprint()
                    + ": configure the key it was sealed with");
        }
        byte[] seed = kek.open(row.kid, row.privateKeyEncrypted);
        try {
            SigningKey key = new SigningKey(row.kid, Ed25519Keys.publicKey(row.publicKey), Ed25519Keys.privateKey(seed),
                    row.createdAt, row.activatedAt, row.retiredAt);
            if (!Ed25519Keys.belongTogether(key.privateKey(), key.publicKey())) {
                throw new KeyDecryptionException("signing key " + row.kid + ": the private key does not match the stored public key");
            }
            return key;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private <T> Uni<T> run(String operation, Supplier<Uni<? extends T>> action) {
        return Uni.createFrom().deferred(action).onFailure().transform(failure -> errors.classify(operation, failure));
    }
}
