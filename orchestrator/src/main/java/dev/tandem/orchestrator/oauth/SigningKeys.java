package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.SigningKey;
import dev.tandem.engine.signing.SigningKeyRing;
import dev.tandem.engine.signing.SigningKeyStore;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The signing keys of the engine's {@code signing_key} table, shared by every instance. Signing uses a
 * ring cached for {@code tandem.oauth.signing.reload-interval-seconds}; the JWKS and the verification of
 * an unknown kid read the table itself, so a key another instance rotated in is published as soon as it
 * is stored, which is before it signs anything ({@link SigningKeyStore#rotate} stores, then answers).
 */
public class SigningKeys implements SigningKeySource {
    private static final String NOT_CONFIGURED = "access tokens cannot be signed: " + OAuthConfig.KEY_ENCRYPTION_KEY
            + " is not configured";

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration reloadInterval;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

    /** @param store null when no key-encryption key is configured: nothing signs, the JWKS is empty */
    public SigningKeys(SigningKeyStore store, Clock clock, Duration reloadInterval) {
        if (reloadInterval.getSeconds() < 1) {
            throw new IllegalArgumentException("tandem.oauth.signing.reload-interval-seconds is "
                    + reloadInterval.getSeconds() + ": expected at least 1");
        }
        this.store = store;
        this.clock = clock;
        this.reloadInterval = reloadInterval;
    }

    @Override
    public Uni<SigningKeyRing> signingRing() {
        if (store == null) {
            return Uni.createFrom().failure(OAuthError.serverError(NOT_CONFIGURED));
        }
        Instant now = clock.instant();
        Loaded current = loaded.get();
        if (current != null && current.at.plus(reloadInterval).isAfter(now) && current.ring.activeAt(now).isPresent()) {
            return Uni.createFrom().item(current.ring);
        }
        return store.ensureActiveKey().invoke(ring -> loaded.set(new Loaded(ring, now)));
    }

    @Override
    public Uni<SigningKeyRing> currentRing() {
        if (store == null) {
            return Uni.createFrom().item(SigningKeyRing.empty());
        }
        return store.load();
    }

    /** Forgets the cached ring, so that this instance's next token is signed by the ring as stored now. */
    @Override
    public Uni<SigningKey> rotate(Duration publishAhead) {
        return configured().chain(keys -> keys.rotate(publishAhead)).invoke(key -> loaded.set(null));
    }

    @Override
    public Uni<Boolean> retire(String kid) {
        return configured().chain(keys -> keys.retire(kid)).invoke(retired -> loaded.set(null));
    }

    private Uni<SigningKeyStore> configured() {
        return store == null ? Uni.createFrom().failure(new SigningNotConfiguredException(NOT_CONFIGURED))
                : Uni.createFrom().item(store);
    }

    /** The server has no key-encryption key: there are no keys to rotate or retire. */
    public static final class SigningNotConfiguredException extends RuntimeException {
        SigningNotConfiguredException(String message) {
            super(message, null, false, false);
        }
    }

    private record Loaded(SigningKeyRing ring, Instant at) {
    }
}
