package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyClientTable;
import dev.tandem.legacy.schema.LegacyTable;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code hydra_client}, every column Tandem knows as the database holds it: lists
 * '|'-joined, scopes space-separated, {@code metadata} JSON text. {@code tandemVersion} is 0 and
 * {@code tandemDeleted} false for rows the old server wrote.
 *
 * <p>{@link #toString()} leaves {@code client_secret} and {@code metadata} out: a hash has no place in a log.
 */
public record LegacyClientRow(
        String id,
        String clientName,
        String clientSecret,
        String redirectUris,
        String grantTypes,
        String responseTypes,
        String scope,
        String tokenEndpointAuthMethod,
        Instant createdAt,
        Instant updatedAt,
        String metadata,
        boolean tandemDeleted,
        long tandemVersion) {

    /**
     * A row from raw column values keyed by column name, as a change event carries them or a driver
     * returns them: times as {@link Instant}, LocalDateTime in UTC, OffsetDateTime,
     * epoch milliseconds or ISO-8601 text; text as strings or UTF-8 bytes.
     */
    public static LegacyClientRow fromColumns(Map<String, ?> columns) {
        String id = ColumnValues.text(columns.get("id"));
        return new LegacyClientRow(id,
                ColumnValues.text(columns.get("client_name")),
                ColumnValues.text(columns.get("client_secret")),
                ColumnValues.text(columns.get("redirect_uris")),
                ColumnValues.text(columns.get("grant_types")),
                ColumnValues.text(columns.get("response_types")),
                ColumnValues.text(columns.get("scope")),
                ColumnValues.text(columns.get("token_endpoint_auth_method")),
                instant(id, "created_at", columns.get("created_at")),
                instant(id, "updated_at", columns.get("updated_at")),
                ColumnValues.text(columns.get("metadata")),
                number(id, LegacyTable.TANDEM_DELETED, columns.get(LegacyTable.TANDEM_DELETED)) != 0,
                number(id, LegacyTable.TANDEM_VERSION, columns.get(LegacyTable.TANDEM_VERSION)));
    }

    private static Instant instant(String id, String column, Object value) {
        try {
            return ColumnValues.instant(column, value);
        } catch (IllegalArgumentException e) {
            throw new LegacyClientRowException(id, e.getMessage());
        }
    }

    private static long number(String id, String column, Object value) {
        try {
            return ColumnValues.number(column, value);
        } catch (IllegalArgumentException e) {
            throw new LegacyClientRowException(id, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LegacyClientRow[" + LegacyClientTable.NAME + " " + id + " v" + tandemVersion + (tandemDeleted ? " deleted" : "")
                + " client_name=" + clientName + " token_endpoint_auth_method=" + tokenEndpointAuthMethod
                + " redirect_uris=" + redirectUris + " grant_types=" + grantTypes + " scope=" + scope
                + " created_at=" + createdAt + " updated_at=" + updatedAt + "]";
    }
}
