package dev.tandem.checker.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The capture's meters: {@code tandem_cdc_events_total{store,op}} (change events published, op
 * {@code upsert} or {@code delete}), {@code tandem_cdc_dead_letters_total{store}} and
 * {@code tandem_cdc_heartbeats_total{store}} (heartbeats published, each to every partition, counted
 * once). Counted once Kafka has acknowledged the record; a replay after a crash counts again
 * (delivery is at-least-once).
 */
final class CdcMetrics {
    static final String EVENTS = "tandem.cdc.events";
    static final String DEAD_LETTERS = "tandem.cdc.dead.letters";
    static final String HEARTBEATS = "tandem.cdc.heartbeats";

    private final Counter upserts;
    private final Counter deletes;
    private final Counter deadLetters;
    private final Counter heartbeats;

    CdcMetrics(MeterRegistry registry, String store) {
        upserts = Counter.builder(EVENTS).description("Canonical change events published").tag("store", store)
                .tag("op", "upsert").register(registry);
        deletes = Counter.builder(EVENTS).description("Canonical change events published").tag("store", store)
                .tag("op", "delete").register(registry);
        deadLetters = Counter.builder(DEAD_LETTERS).description("Changes that could not be parsed or mapped")
                .tag("store", store).register(registry);
        heartbeats = Counter.builder(HEARTBEATS).description("Heartbeats published, each to every partition of the change topic")
                .tag("store", store).register(registry);
    }

    void heartbeats(int count) {
        heartbeats.increment(count);
    }

    void published(int upsertCount, int deleteCount, int deadLetterCount) {
        upserts.increment(upsertCount);
        deletes.increment(deleteCount);
        deadLetters.increment(deadLetterCount);
    }
}
