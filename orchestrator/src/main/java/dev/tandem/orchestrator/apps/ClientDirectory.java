package dev.tandem.orchestrator.apps;

import dev.tandem.model.client.ClientRecord;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * The registered OAuth clients as the OAuth endpoints read them: in whichever store the phase
 * reads, merged with the other where a write may not have reached it yet. Deleted clients are absent.
 */
public interface ClientDirectory {

    Uni<Optional<ClientRecord>> find(String clientId);
}
