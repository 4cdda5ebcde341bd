package dev.tandem.contract.change;

import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

/**
 * One committed change of one store, as it travels on {@code tandem.changes.legacy} and
 * {@code tandem.changes.engine}, keyed by token id. It carries the canonical record and nothing
 * else of the row: no blob, no secret.
 *
 * <p>Or a <b>heartbeat</b> ({@link Op#HEARTBEAT}): the capture's own row in its store's
 * {@code tandem_heartbeat} table changed, so the store committed something at {@code committedAtMs}
 * and the capture has read its change stream that far. A heartbeat carries no token id and no
 * record; the capture publishes it to every partition of the change topic under the key
 * {@value #HEARTBEAT_KEY}, so that every check task sees its stream move while no token changes.
 * Readers of the change topics skip heartbeats ({@link #isHeartbeat()}); the check takes them as
 * watermarks only.
 *
 * @param store         {@code legacy} or {@code engine}
 * @param tokenId       the token's id (its hash); null for a heartbeat
 * @param op            an upsert (insert or update), a delete, or a heartbeat
 * @param record        the canonical record after the change; null for a delete and a heartbeat
 * @param committedAtMs when the source committed the change (Debezium's {@code source.ts_ms})
 * @param capturedAtMs  when the CDC engine handled it; {@code capturedAtMs - committedAtMs} is capture lag
 * @param position      where the change sits in its store's log (binlog file, position and row, or LSN): what
 *                      orders one key's changes of one store; null only when the source named none
 */
public record ChangeEvent(String store, String tokenId, Op op, TokenRecord record,
                          long committedAtMs, long capturedAtMs, SourcePosition position) {

    /** The record key of heartbeats: not a token id, so that no reader can take it for one. */
    public static final String HEARTBEAT_KEY = "heartbeat";

    public enum Op {
        UPSERT, DELETE, HEARTBEAT
    }

    public ChangeEvent {
        if (!"legacy".equals(store) && !"engine".equals(store)) {
            throw new IllegalArgumentException("store must be legacy or engine, was " + store);
        }
        if (position != null && !position.store().equals(store)) {
            throw new IllegalArgumentException("a " + store + " change at a " + position.store() + " position ("
                    + position.notation() + ")");
        }
        if (op == Op.HEARTBEAT) {
            if (tokenId != null || record != null) {
                throw new IllegalArgumentException("a heartbeat carries no token id and no record");
            }
        } else {
            TokenId.requireValid("tokenId", tokenId);
            if ((op == Op.UPSERT) != (record != null)) {
                throw new IllegalArgumentException("an upsert carries a record and a delete none");
            }
            if (record != null && !record.id().equals(tokenId)) {
                throw new IllegalArgumentException("the record's id differs from the event's token id");
            }
        }
    }

    public static ChangeEvent upsert(String store, TokenRecord record, long committedAtMs, long capturedAtMs, SourcePosition position) {
        return new ChangeEvent(store, record.id(), Op.UPSERT, record, committedAtMs, capturedAtMs, position);
    }

    public static ChangeEvent delete(String store, String tokenId, long committedAtMs, long capturedAtMs, SourcePosition position) {
        return new ChangeEvent(store, tokenId, Op.DELETE, null, committedAtMs, capturedAtMs, position);
    }

    public static ChangeEvent heartbeat(String store, long committedAtMs, long capturedAtMs, SourcePosition position) {
        return new ChangeEvent(store, null, Op.HEARTBEAT, null, committedAtMs, capturedAtMs, position);
    }

    /** A heartbeat, not a token change: it has no token id. */
    public boolean isHeartbeat() {
        return op == Op.HEARTBEAT;
    }
}
