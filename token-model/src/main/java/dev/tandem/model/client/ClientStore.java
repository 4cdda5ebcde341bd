package dev.tandem.model.client;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Optional;

/**
 * A store's clients, the port each adapter implements beside {@link dev.tandem.model.TokenStore}.
 * Clients merge by version alone ({@link ClientRecord#merge}); a delete is an upsert of the tombstone.
 */
public interface ClientStore {

    /** The store's name, as its {@link dev.tandem.model.TokenStore#name()}. */
    String name();

    /**
     * Writes {@code record} unless the store holds the client at the same or a higher version;
     * answers what the store holds afterwards and whether this write changed it. Atomic per client.
     */
    Uni<ClientUpsertResult> upsert(ClientRecord record);

    /** The stored record, a tombstone included; empty when the store never held the client. */
    Uni<Optional<ClientRecord>> lookup(String id);

    /** The stored record unless it is a tombstone. */
    default Uni<Optional<ClientRecord>> find(String id) {
        return lookup(id).map(stored -> stored.filter(record -> !record.deleted()));
    }

    /** Up to {@code limit} records, tombstones included, with ids after {@code afterId} (null: from the first), in id order. */
    Uni<List<ClientRecord>> scan(String afterId, int limit);
}
