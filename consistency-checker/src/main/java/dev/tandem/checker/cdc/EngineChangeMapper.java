package dev.tandem.checker.cdc;

import dev.tandem.contract.change.ChangeEvent;
import dev.tandem.contract.change.DeadLetter;
import dev.tandem.engine.EngineRows;
import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

import java.util.Map;

/**
 * Engine row changes ({@code oauth_token}) to canonical change events, through the engine adapter's
 * own row mapping ({@link EngineRows#fromColumns}). {@code signing_key_id} is the engine's own and
 * does not travel. A change of {@code tandem_heartbeat} is a heartbeat.
 */
final class EngineChangeMapper implements ChangeMapper {
    static final String STORE = "engine";
    static final String TABLE = "oauth_token";

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
        if (!TABLE.equals(change.table())) {
            return refuse(change, null, "\"" + change.table() + "\" is not the engine's token table (valid: " + TABLE + ")",
                    capturedAtMs);
        }
        Map<String, Object> image = change.isDelete() ? change.before() : change.after();
        String id = image == null || image.get(EngineRows.ID) == null ? null : image.get(EngineRows.ID).toString();
        if (image == null) {
            return refuse(change, null, "the " + change.op() + " change of " + TABLE + " carries no row image", capturedAtMs);
        }
        try {
            if (change.isDelete()) {
                TokenId.requireValid(EngineRows.ID, id);
                return Mapped.event(ChangeEvent.delete(STORE, id, change.committedAtMs(), capturedAtMs, change.position()));
            }
            TokenRecord record = EngineRows.fromColumns(image);
            return Mapped.event(ChangeEvent.upsert(STORE, record, change.committedAtMs(), capturedAtMs, change.position()));
        } catch (InvalidTokenRecordException e) {
            // Engine rows hold no secrets, and these messages name the column and the rule.
            return refuse(change, id, "row " + TABLE + "[" + describe(id) + "] cannot be mapped: " + e.getMessage(), capturedAtMs);
        } catch (RuntimeException e) {
            return refuse(change, id, "row " + TABLE + "[" + describe(id) + "] cannot be mapped: unexpected "
                    + e.getClass().getName(), capturedAtMs);
        }
    }

    private static String describe(String id) {
        return TokenId.isValid(id) ? id : id == null ? "no id" : "an id of " + id.length() + " characters";
    }

    private static Mapped refuse(RowChange change, String id, String reason, long capturedAtMs) {
        return Mapped.deadLetter(new DeadLetter(STORE, change.table(), id, reason, change.position(),
                change.committedAtMs(), capturedAtMs));
    }
}
