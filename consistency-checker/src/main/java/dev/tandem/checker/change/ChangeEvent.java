package dev.tandem.checker.change;

import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

/**
 * One committed change of one store, as it travels on {@code tandem.changes.legacy} and
 * {@code tandem.changes.engine}, keyed by token id. It carries the canonical record and nothing
 * else of the row: no blob, no secret.
 *
 * @param store         {@code legacy} or {@code engine}
 * @param tokenId       the token's id (its hash)
 * @param op            an upsert (insert or update) or a delete
 * @param record        the canonical record after the change; null for a delete
 * @param committedAtMs when the source committed the change (Debezium's {@code source.ts_ms})
 * @param capturedAtMs  when the CDC engine handled it; {@code capturedAtMs - committedAtMs} is capture lag
 * @param position      the source position (binlog file and position, or LSN), for triage and ordering checks
 */
public record ChangeEvent(String store, String tokenId, Op op, TokenRecord record,
                          long committedAtMs, long capturedAtMs, String position) {

    public enum Op {
        UPSERT, DELETE
    }

    public ChangeEvent {
        if (!"legacy".equals(store) && !"engine".equals(store)) {
            throw new IllegalArgumentException("store must be legacy or engine, was " + store);
        }
        TokenId.requireValid("tokenId", tokenId);
        if ((op == Op.UPSERT) != (record != null)) {
            throw new IllegalArgumentException("an upsert carries a record and a delete none");
        }
        if (record != null && !record.id().equals(tokenId)) {
            throw new IllegalArgumentException("the record's id differs from the event's token id");
        }
    }

    public static ChangeEvent upsert(String store, TokenRecord record, long committedAtMs, long capturedAtMs, String position) {
        return new ChangeEvent(store, record.id(), Op.UPSERT, record, committedAtMs, capturedAtMs, position);
    }

    public static ChangeEvent delete(String store, String tokenId, long committedAtMs, long capturedAtMs, String position) {
        return new ChangeEvent(store, tokenId, Op.DELETE, null, committedAtMs, capturedAtMs, position);
    }
}
