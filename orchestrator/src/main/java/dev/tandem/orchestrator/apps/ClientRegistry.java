package dev.tandem.orchestrator.apps;

import dev.tandem.model.HybridLogicalClock;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.write.InFlightWrites;
import dev.tandem.orchestrator.write.WriteConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The registered OAuth clients ("apps"), written to both stores as the phase says, like tokens.
 *
 * <p>App writes are rare and made by an operator, so they are simpler than token writes: a write is
 * acknowledged only once both the phase's primary and its mirror hold it. Where the mirror cannot
 * take it (after {@value #MIRROR_ATTEMPTS} attempts), the primary is put back as it was, at a newer
 * version, and the request fails as retriable: no half-applied registration, and no replay queue for
 * clients. Reads go to the primary, which holds every acknowledged write in every phase; a switch of the
 * primary drains app writes like token writes (they are admitted through {@link InFlightWrites}).
 */
@ApplicationScoped
public class ClientRegistry implements ClientDirectory {
    static final int MIRROR_ATTEMPTS = 3;
    private static final int VERSION_ATTEMPTS = 3;
    private static final int PAGE = 500;
    private static final Logger LOG = Logger.getLogger(ClientRegistry.class);

    private final ClientStores stores;
    private final HybridLogicalClock clock;
    private final InFlightWrites inFlight;
    private final ControlPlane control;
    private final Duration mirrorTimeout;

    @Inject
    public ClientRegistry(ClientStores stores, HybridLogicalClock clock, InFlightWrites inFlight, ControlPlane control,
                          WriteConfig config) {
        this.stores = stores;
        this.clock = clock;
        this.inFlight = inFlight;
        this.control = control;
        this.mirrorTimeout = Duration.ofMillis(config.mirrorTimeoutMs());
    }

    /** Not admitted as a write: an acknowledged app write is in both stores, so either side of a switch serves it. */
    @Override
    public Uni<Optional<ClientRecord>> find(String clientId) {
        return Uni.createFrom().deferred(() -> primary(control.current().phase()).find(clientId));
    }

    /** Every live client, in id order. */
    public Uni<List<ClientRecord>> list() {
        return Uni.createFrom().deferred(() -> page(primary(control.current().phase()), null, new ArrayList<>()));
    }

    /** Registers a new client; fails with {@link ClientExistsException} when its id is taken (a tombstone counts: ids are not reused). */
    public Uni<ClientRecord> create(ClientRecord client) {
        return admitted(phase -> primary(phase).lookup(client.id()).flatMap(held -> {
            if (held.isPresent()) {
                return Uni.createFrom().failure(new ClientExistsException(client.id()));
            }
            return write(phase, null, client);
        }));
    }

    /** Changes a live client; empty when there is none of that id. */
    public Uni<Optional<ClientRecord>> update(String clientId, UnaryOperator<ClientRecord> change) {
        return admitted(phase -> update(phase, clientId, change, 1));
    }

    /** Deletes a client (a tombstone in both stores); answers the tombstone, empty when there was no such client. */
    public Uni<Optional<ClientRecord>> delete(String clientId, Instant at) {
        return update(clientId, client -> client.tombstone(client.version(), at));
    }

    private Uni<Optional<ClientRecord>> update(MigrationPhase phase, String clientId, UnaryOperator<ClientRecord> change,
                                               int attempt) {
        return primary(phase).find(clientId).flatMap(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().item(Optional.<ClientRecord>empty());
            }
            return write(phase, held.get(), change.apply(held.get()))
                    .map(Optional::of)
                    .onFailure(LostToNewerWrite.class).recoverWithUni(lost -> {
                        if (attempt >= VERSION_ATTEMPTS) {
                            return Uni.createFrom().failure(new IllegalStateException(
                                    "client " + clientId + " kept changing under this write; try again"));
                        }
                        return update(phase, clientId, change, attempt + 1);
                    });
        });
    }

    /** {@code next} at a fresh version into the primary, then the mirror; the primary put back to {@code before} where the mirror fails. */
    private Uni<ClientRecord> write(MigrationPhase phase, ClientRecord before, ClientRecord next) {
        ClientRecord sent = next.withVersion(clock.next());
        return primary(phase).upsert(sent).flatMap(result -> {
            clock.observe(result.stored().version());
            if (!result.applied()) {
                return Uni.createFrom().failure(new LostToNewerWrite());
            }
            if (phase.mirror() == null) {
                return Uni.createFrom().item(result.stored());
            }
            ClientStore mirror = stores.of(phase.mirror());
            Uni<ClientRecord> mirrored = Uni.createFrom().deferred(() -> mirror.upsert(result.stored()))
                    .ifNoItem().after(mirrorTimeout).fail()
                    .onFailure().retry().atMost(MIRROR_ATTEMPTS - 1)
                    .replaceWith(result.stored());
            return mirrored.onFailure().recoverWithUni(failure -> undo(phase, before, sent, failure));
        });
    }

    private Uni<ClientRecord> undo(MigrationPhase phase, ClientRecord before, ClientRecord sent, Throwable failure) {
        String store = stores.of(phase.mirror()).name();
        ClientRecord restore = (before != null ? before : sent.tombstone(sent.version(), Instant.now()))
                .withVersion(clock.next());
        LOG.warnf("client %s: the %s mirror did not take the change (%s); the primary is put back", sent.id(), store,
                failure.getMessage());
        return primary(phase).upsert(restore)
                .onItemOrFailure().transformToUni((restored, undoFailure) -> Uni.createFrom().failure(
                        new ClientMirrorException(sent.id(), store, failure, undoFailure)));
    }

    private Uni<List<ClientRecord>> page(ClientStore store, String after, List<ClientRecord> live) {
        return store.scan(after, PAGE).flatMap(page -> {
            page.stream().filter(client -> !client.deleted()).forEach(live::add);
            return page.size() < PAGE ? Uni.createFrom().item(live) : page(store, page.get(page.size() - 1).id(), live);
        });
    }

    private <T> Uni<T> admitted(Function<MigrationPhase, Uni<T>> write) {
        return inFlight.admit().flatMap(ticket -> Uni.createFrom().deferred(() -> write.apply(ticket.state().phase()))
                .onTermination().invoke(ticket::close));
    }

    private ClientStore primary(MigrationPhase phase) {
        return stores.of(phase.primary());
    }

    /** The primary holds a newer version than the one this write got: another instance's write came between. */
    private static final class LostToNewerWrite extends RuntimeException {
        LostToNewerWrite() {
            super(null, null, false, false);
        }
    }
}
