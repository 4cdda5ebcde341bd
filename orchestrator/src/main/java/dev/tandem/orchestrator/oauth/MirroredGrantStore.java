package dev.tandem.orchestrator.oauth;

import dev.tandem.model.TokenRecord;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.read.TokenReader;
import dev.tandem.orchestrator.write.MirroredWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * The grants' tokens through the migration's own paths: writes, consumes and revocations through
 * {@link MirroredWriter} (primary first, then the mirror or the replay queue), reads through
 * {@link TokenReader} (the store the phase and the read flag pick). So a token issued in any phase
 * is found, refreshed and revoked in every later one.
 */
@ApplicationScoped
public class MirroredGrantStore implements GrantStore {
    private final ControlPlane control;
    private final MirroredWriter writer;
    private final TokenReader reader;

    @Inject
    public MirroredGrantStore(ControlPlane control, MirroredWriter writer, TokenReader reader) {
        this.control = control;
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public Uni<Optional<TokenRecord>> find(String id) {
        return ready().chain(() -> reader.find(id));
    }

    @Override
    public Uni<TokenRecord> write(TokenRecord record) {
        return ready().chain(() -> writer.upsert(record));
    }

    @Override
    public Uni<Optional<TokenRecord>> consume(String id, Instant at) {
        return ready().chain(() -> writer.consume(id, at));
    }

    @Override
    public Uni<Optional<TokenRecord>> revoke(String id, Instant at) {
        return ready().chain(() -> writer.revoke(id, at));
    }

    @Override
    public Uni<Integer> revokeFamily(String familyId, Instant at) {
        return ready().chain(() -> writer.revokeFamily(familyId, at));
    }

    /** Until this instance has caught up with the control state it does not know which store is primary. */
    private Uni<Void> ready() {
        if (!control.ready()) {
            return Uni.createFrom().failure(OAuthError.temporarilyUnavailable(
                    "this instance has not caught up with the migration's control state yet; retry shortly"));
        }
        return Uni.createFrom().voidItem();
    }
}
