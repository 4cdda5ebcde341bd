package dev.tandem.model.client;

/** What a store holds after a client upsert, and whether the upsert changed it. */
public record ClientUpsertResult(boolean applied, ClientRecord stored) {
}
