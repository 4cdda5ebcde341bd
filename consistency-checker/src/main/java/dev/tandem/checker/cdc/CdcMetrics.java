package dev.tandem.checker.cdc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The capture's meters: {@code tandem_cdc_events_total{store,op}} (change events published, op
 * {@code upsert} or {@code delete}) and {@code tandem_cdc_dead_letters_total{store}}. Counted once
 * Kafka has acknowledged the record; a replay after a crash counts again (delivery is at-least-once).
 */
final class CdcMetrics {
    static final String EVENTS = "tandem.cdc.events";
    static final String DEAD_LETTERS = "tandem.cdc.dead.letters";

    private final Counter upserts;
    private final Counter deletes;
    private final Counter deadLetters;

    CdcMetrics(MeterRegistry registry, String store) {
        upserts = Counter.builder(EVENTS).description("Canonical change events published").tag("store", store)
                .tag("op", "upsert").register(registry);
        deletes = Counter.builder(EVENTS).description("Canonical change events published").tag("store", store)
                .tag("op", "delete").register(registry);
        deadLetters = Counter.builder(DEAD_LETTERS).description("Changes that could not be parsed or mapped")
                .tag("store", store).register(registry);
    }

    void published(int upsertCount, int deleteCount, int deadLetterCount) {
        upserts.increment(upsertCount);
        deletes.increment(deleteCount);
        deadLetters.increment(deadLetterCount);
    }
}
