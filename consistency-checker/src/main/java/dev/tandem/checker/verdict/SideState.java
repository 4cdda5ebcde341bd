package dev.tandem.checker.verdict;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.model.TokenRecord;


/**
 * What the check knows of one token in one store: the store's state after the latest of the change
 * events seen for it, latest by {@link Stamp}, that is by the store's own log position. It is the
 * maximum of the events by stamp, so duplicates and reordering within a key cannot change the
 * outcome, and it is what the store holds, not a merge of it: a store whose row went back to an
 * older version, or un-revoked, is shown doing so and the check reports it (issue 10, item 6).
 *
 * <ul>
 *   <li>An upsert after every event seen gives the record; one at or before the latest changes
 *       nothing (a duplicate, a replay of an older change).</li>
 *   <li>A delete after every upsert seen makes the side absent; its stamp is kept, so that an older
 *       upsert replayed later does not bring the token back.</li>
 * </ul>
 * Events of one key and one store share one total order only while the store's log does: a binlog
 * reset ({@code RESET MASTER}) or a restored PostgreSQL cluster starts positions again.
 *
 * @param record      the token as this store holds it; null when absent
 * @param fieldsStamp the stamp of the upsert whose fields {@code record} carries (states written before
 *                    positions ordered alone could hold an older one than {@code lastUpsert})
 * @param lastUpsert  the latest stamp of any upsert seen since the side was last absent
 * @param deleted     the latest delete seen; null when none
 */
public record SideState(TokenRecord record, Stamp fieldsStamp, Stamp lastUpsert, Stamp deleted) {

    public static final SideState ABSENT = new SideState(null, null, null, null);

    public boolean present() {
        return record != null;
    }

    /** The state after {@code event}; this very instance when the event changes nothing (a duplicate, an older write). */
    public SideState apply(ChangeEvent event) {
        if (event.isHeartbeat()) {
            return this;
        }
        Stamp stamp = new Stamp(event.committedAtMs(), event.position());
        return event.op() == ChangeEvent.Op.DELETE ? delete(stamp) : upsert(event.record(), stamp);
    }

    private SideState upsert(TokenRecord incoming, Stamp stamp) {
        if (deleted != null && !stamp.isAfter(deleted)) {
            return this;
        }
        if (record != null && lastUpsert != null && !stamp.isAfter(lastUpsert)) {
            return this;
        }
        return new SideState(incoming, stamp, stamp, deleted);
    }

    private SideState delete(Stamp stamp) {
        Stamp latestDelete = Stamp.max(deleted, stamp);
        boolean removes = record != null && stamp.isAfter(lastUpsert);
        SideState next = removes ? new SideState(null, null, null, latestDelete)
                : new SideState(record, fieldsStamp, lastUpsert, latestDelete);
        return next.equals(this) ? this : next;
    }
}
