package dev.tandem.checker.verdict;

import dev.tandem.checker.change.ChangeEvent;
import dev.tandem.model.TokenRecord;

import java.time.Instant;

/**
 * What the check knows of one token in one store: the join of every change event seen for it, so
 * that duplicates and reordering within a key cannot change the outcome.
 *
 * <ul>
 *   <li>Fields come from the upsert with the highest (version, stamp): a newer version never loses
 *       to an older one, and for equal versions (the old server's writes do not bump
 *       {@code tandem_version}) the later commit wins.</li>
 *   <li>{@code revokedAt} is the earliest of all upserts', as in {@link TokenRecord#mergedWith}:
 *       revocation is terminal.</li>
 *   <li>A delete whose stamp is after every upsert seen makes the side absent; its stamp is kept,
 *       so that an older upsert replayed later does not bring the token back.</li>
 * </ul>
 * Exact under any order unless an id is inserted again after a delete and events of both
 * incarnations arrive out of order; token ids are hashes of random secrets, so nothing does that.
 *
 * @param record      the token as this store holds it; null when absent
 * @param fieldsStamp the stamp of the upsert whose fields {@code record} carries
 * @param lastUpsert  the latest stamp of any upsert absorbed into {@code record}
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
        if (record == null) {
            return new SideState(incoming, stamp, stamp, deleted);
        }
        boolean incomingWins = incoming.version() != record.version()
                ? incoming.version() > record.version()
                : stamp.isAfter(fieldsStamp);
        TokenRecord winner = incomingWins ? incoming : record;
        TokenRecord merged = winner.toBuilder()
                .revokedAt(earliest(record.revokedAt(), incoming.revokedAt()))
                .version(Math.max(record.version(), incoming.version()))
                .build();
        SideState next = new SideState(merged, incomingWins ? stamp : fieldsStamp, Stamp.max(lastUpsert, stamp), deleted);
        return next.equals(this) ? this : next;
    }

    private SideState delete(Stamp stamp) {
        Stamp latestDelete = Stamp.max(deleted, stamp);
        boolean removes = record != null && stamp.isAfter(lastUpsert);
        SideState next = removes ? new SideState(null, null, null, latestDelete)
                : new SideState(record, fieldsStamp, lastUpsert, latestDelete);
        return next.equals(this) ? this : next;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
