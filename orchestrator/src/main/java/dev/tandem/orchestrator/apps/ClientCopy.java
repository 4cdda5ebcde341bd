package dev.tandem.orchestrator.apps;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.ClientStore;
import dev.tandem.orchestrator.phase.MigrationPhase.Store;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The backfill's part for apps: every client legacy holds (tombstones included) upserted into the
 * engine. Safe beside live registrations and safe to repeat: an upsert lands only over a lower
 * version ({@link ClientStore#upsert}), so a copy never undoes a mirrored change. Apps are few (a
 * page of {@value #PAGE} at a time is plenty); tokens have the throttled, checkpointed backfill job.
 */
@ApplicationScoped
public class ClientCopy {
    static final int PAGE = 500;

    private final ClientStores stores;

    @Inject
    public ClientCopy(ClientStores stores) {
        this.stores = stores;
    }

    /** How many clients the engine took (the others it held at the same version or newer). */
    public Uni<Integer> legacyToEngine() {
        return copy(stores.of(Store.LEGACY), stores.of(Store.ENGINE), null, 0);
    }

    private static Uni<Integer> copy(ClientStore from, ClientStore to, String after, int applied) {
        return from.scan(after, PAGE).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(applied);
            }
            return upsertAll(to, page).chain(taken -> page.size() < PAGE ? Uni.createFrom().item(applied + taken)
                    : copy(from, to, page.get(page.size() - 1).id(), applied + taken));
        });
    }

    /** One after the other: a page of upserts at once would take as many connections. */
    private static Uni<Integer> upsertAll(ClientStore to, List<ClientRecord> page) {
        Uni<Integer> taken = Uni.createFrom().item(0);
        for (ClientRecord record : page) {
            taken = taken.chain(count -> to.upsert(record).map(result -> count + (result.applied() ? 1 : 0)));
        }
        return taken;
    }
}
