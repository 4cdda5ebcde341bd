package dev.tandem.engine;

import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.InvalidClientRecordException;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The mapping from an {@code oauth_client} row given as raw column values (a JDBC read, a change
 * event's {@code before}/{@code after}) to a canonical client, as {@link EngineRows} is for tokens.
 * Pure: no I/O. The adapter's own reads go through the entity ({@link ClientRecordMapping}).
 */
public final class EngineClientRows {
    public static final String TABLE = "oauth_client";
    public static final String ID = "id";
    public static final String NAME = "name";
    public static final String SECRET_HASH = "secret_hash";
    public static final String PREVIOUS_SECRET_HASH = "previous_secret_hash";
    public static final String REDIRECT_URIS = "redirect_uris";
    public static final String GRANT_TYPES = "grant_types";
    public static final String SCOPES = "scopes";
    public static final String AUTH_METHOD = "token_endpoint_auth_method";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String DELETED = "deleted";
    public static final String VERSION = "version";
    /** Every column of the canonical record, in DDL order. */
    public static final List<String> COLUMNS = List.of(ID, NAME, SECRET_HASH, PREVIOUS_SECRET_HASH, REDIRECT_URIS,
            GRANT_TYPES, SCOPES, AUTH_METHOD, CREATED_AT, UPDATED_AT, DELETED, VERSION);

    private EngineClientRows() {
    }

    /**
     * The canonical client of a row given as column values, in the encodings {@link EngineRows#fromColumns} takes.
     *
     * @throws RuntimeException ({@link InvalidClientRecordException} or the token one for a malformed
     *                          time or number) naming the field; never a secret hash's value
     */
    public static ClientRecord fromColumns(Map<String, ?> columns) {
        String id = EngineRows.text(columns.get(ID));
        return new ClientRecord(id,
                EngineRows.text(columns.get(NAME)),
                EngineRows.text(columns.get(SECRET_HASH)),
                EngineRows.text(columns.get(PREVIOUS_SECRET_HASH)),
                texts(REDIRECT_URIS, columns.get(REDIRECT_URIS)),
                new TreeSet<>(texts(GRANT_TYPES, columns.get(GRANT_TYPES))),
                ClientRecordMapping.authMethod(id, EngineRows.text(columns.get(AUTH_METHOD))),
                new TreeSet<>(texts(SCOPES, columns.get(SCOPES))),
                EngineRows.instant(CREATED_AT, columns.get(CREATED_AT)),
                EngineRows.instant(UPDATED_AT, columns.get(UPDATED_AT)),
                EngineRows.deleted(columns.get(DELETED)),
                EngineRows.version(columns.get(VERSION)));
    }

    /** An array column, in its order (redirect URIs are compared in registration order). */
    private static List<String> texts(String column, Object value) {
        if (value == null) {
            throw new InvalidClientRecordException(column, "is missing: the column is NOT NULL");
        }
        List<String> texts = EngineRows.texts(value);
        if (texts == null) {
            throw new InvalidClientRecordException(column, "is a " + value.getClass().getSimpleName()
                    + ", expected an array of text");
        }
        return texts;
    }
}
