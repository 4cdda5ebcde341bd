package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.legacy.mapping.LegacyMapping;
import dev.tandem.legacy.mapping.LegacyRow;
import dev.tandem.legacy.mapping.LegacyRowException;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

import java.util.Map;

/**
 * Legacy row changes to canonical change events, through the legacy adapter's own mapping
 * ({@link LegacyRow#fromColumns}, {@link LegacyMapping#toCanonical}): the capture and the store can
 * never disagree on what a row means. The blobs ({@code form_data}, {@code session_data}) are read by
 * that mapping and dropped; only canonical fields leave. A change of {@code tandem_heartbeat} is a
 * heartbeat.
 */
final class LegacyChangeMapper implements ChangeMapper {
    static final String STORE = "legacy";
    private static final String SIGNATURE = "signature";

    @Override
    public String store() {
        return STORE;
    }

    @Override
    public Mapped map(RowChange change, long capturedAtMs) {
        Mapped heartbeat = ChangeMapper.heartbeat(STORE, change, capturedAtMs);
        if (heartbeat != null) {
            return heartbeat;
        }
        LegacyTable table;
        try {
            table = LegacyTable.ofTableName(change.table());
        } catch (IllegalArgumentException e) {
            return refuse(change, null, e.getMessage(), capturedAtMs);
        }
        try {
            if (change.isDelete()) {
                return delete(table, change, capturedAtMs);
            }
            if (change.after() == null) {
                return refuse(change, null, "the " + change.op() + " change of " + table.tableName()
                        + " carries no row image", capturedAtMs);
            }
            TokenRecord record = LegacyMapping.toCanonical(LegacyRow.fromColumns(table, change.after()));
            return Mapped.event(ChangeEvent.upsert(STORE, record, change.committedAtMs(), capturedAtMs, change.position()));
        } catch (LegacyRowException e) {
            // Designed to be shown: names table, signature (or its length) and problem, never a blob.
            return refuse(change, e.signature(), e.getMessage(), capturedAtMs);
        } catch (RuntimeException e) {
            // Any other message might quote a column value: pass on the type only.
            return refuse(change, signature(change.after()), "row of " + table.tableName()
                    + " cannot be mapped: unexpected " + e.getClass().getName(), capturedAtMs);
        }
    }

    private Mapped delete(LegacyTable table, RowChange change, long capturedAtMs) {
        String signature = signature(change.before());
        if (!TokenId.isValid(signature)) {
            return refuse(change, null, "deleted row of " + table.tableName() + " has "
                    + (signature == null ? "no signature" : "a signature of " + signature.length()
                    + " characters, not a token id"), capturedAtMs);
        }
        return Mapped.event(ChangeEvent.delete(STORE, signature, change.committedAtMs(), capturedAtMs, change.position()));
    }

    private static String signature(Map<String, Object> columns) {
        Object value = columns == null ? null : columns.get(SIGNATURE);
        return value == null ? null : value.toString();
    }

    private static Mapped refuse(RowChange change, String signature, String reason, long capturedAtMs) {
        return Mapped.deadLetter(new DeadLetter(STORE, change.table(), signature, reason, change.position(),
                change.committedAtMs(), capturedAtMs));
    }
}
