package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.SigningKey;
import dev.tandem.engine.signing.SigningKeyRing;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** The Ed25519 keys as the grants and the endpoints see them; {@link SigningKeys} reads the engine's table. */
public interface SigningKeySource {

    /** A ring with a key that signs now (one is rotated in on first use). */
    Uni<SigningKeyRing> signingRing();

    /** The ring as the table holds it now, for the JWKS and for a kid this instance has not seen yet. */
    Uni<SigningKeyRing> currentRing();

    /** A new key, in the JWKS at once and signing after {@code publishAhead}; this instance signs with it from then on. */
    Uni<SigningKey> rotate(Duration publishAhead);

    /** Retires a key now (it stops signing and verifying); false when no key in service has that kid. */
    Uni<Boolean> retire(String kid);
}
