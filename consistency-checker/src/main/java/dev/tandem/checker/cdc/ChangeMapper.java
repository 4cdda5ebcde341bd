package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.DeadLetter;

/**
 * Turns one store's row change into the canonical change event, or into a dead letter when the row
 * cannot be one. Pure: the same change always maps the same way, which is what makes replays harmless.
 * A change of the capture's heartbeat table ({@link HeartbeatWriter#TABLE}) is a heartbeat event.
 */
interface ChangeMapper {

    /** The store this mapper reads: {@code legacy} or {@code engine}. */
    String store();

    Mapped map(RowChange change, long capturedAtMs);

    /**
     * A heartbeat for a change of the heartbeat table, whatever its operation (even a delete says that
     * the store commits and its stream flows); null for a change of any other table.
     */
    static Mapped heartbeat(String store, RowChange change, long capturedAtMs) {
        if (!HeartbeatWriter.TABLE.equals(change.table())) {
            return null;
        }
        return Mapped.event(ChangeEvent.heartbeat(store, heartbeatTime(change), capturedAtMs, change.position()));
    }

    /**
     * When a heartbeat committed, at least: the row's {@code beat_at_ms} (written just before its
     * commit, in milliseconds) where it is later than the source commit time (MariaDB's has whole
     * seconds). A switch barrier writes such a row to learn, within milliseconds rather than a
     * second, that the check has read a store past the moment writes were held.
     */
    static long heartbeatTime(RowChange change) {
        Object beatAt = change.after() == null ? null : change.after().get(HeartbeatWriter.BEAT_AT_COLUMN);
        return beatAt instanceof Number ms ? Math.max(change.committedAtMs(), ms.longValue()) : change.committedAtMs();
    }

    /** Exactly one of the two is set. */
    record Mapped(ChangeEvent event, DeadLetter deadLetter) {
        static Mapped event(ChangeEvent event) {
            return new Mapped(event, null);
        }

        static Mapped deadLetter(DeadLetter deadLetter) {
            return new Mapped(null, deadLetter);
        }
    }
}
