package dev.tandem.checker.cdc;

import dev.tandem.checker.change.ChangeEvent;
import dev.tandem.checker.change.DeadLetter;

/**
 * Turns one store's row change into the canonical change event, or into a dead letter when the row
 * cannot be one. Pure: the same change always maps the same way, which is what makes replays harmless.
 */
interface ChangeMapper {

    /** The store this mapper reads: {@code legacy} or {@code engine}. */
    String store();

    Mapped map(RowChange change, long capturedAtMs);

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
