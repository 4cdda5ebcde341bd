package dev.tandem.orchestrator.oauth;

import dev.tandem.engine.signing.SigningKeyRing;
import io.smallrye.mutiny.Uni;

/** The Ed25519 keys as the grants and the endpoints see them; {@link SigningKeys} reads the engine's table. */
public interface SigningKeySource {

    /** A ring with a key that signs now (one is rotated in on first use). */
    Uni<SigningKeyRing> signingRing();

    /** The ring as the table holds it now, for the JWKS and for a kid this instance has not seen yet. */
    Uni<SigningKeyRing> currentRing();
}
