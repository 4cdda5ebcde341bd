package dev.tandem.legacy;

import dev.tandem.legacy.mapping.LegacyClientMapping;
import dev.tandem.legacy.schema.LegacyClientTable;

import java.util.Collections;

/** The client store's SQL over {@code hydra_client}, beside {@link LegacySql}'s for tokens. */
final class LegacyClientSql {
    private static final String COLUMNS = String.join(", ", LegacyClientTable.COLUMNS);
    private static final String PREVIOUS = "'$." + LegacyClientMapping.PREVIOUS_SECRET_HASH + "'";

    /**
     * Inserts the client, or replaces Tandem's fields of the stored one when the incoming version is
     * newer: {@code ClientRecord.merge} in SQL, in one statement, so the row lock orders concurrent
     * writers and no read-modify-write is needed. {@code response_types} and the old server's keys of
     * {@code metadata} stay as they are; only {@code tandem_previous_secret_hash} follows the version.
     * MariaDB evaluates the assignments left to right, each seeing the columns already assigned:
     * tandem_version must stay LAST. An older or equal version changes nothing, so the affected-row
     * count is 0 and the write is reported as not applied. Parameters: the 13 columns.
     */
    static final String UPSERT = LegacySql.IN_UTC + "INSERT INTO " + LegacyClientTable.NAME + " (" + COLUMNS + ") VALUES ("
            + String.join(", ", Collections.nCopies(LegacyClientTable.COLUMNS.size(), "?")) + ")"
            + """
             ON DUPLICATE KEY UPDATE
              client_name = IF(VALUES(tandem_version) > tandem_version, VALUES(client_name), client_name),
              client_secret = IF(VALUES(tandem_version) > tandem_version, VALUES(client_secret), client_secret),
              redirect_uris = IF(VALUES(tandem_version) > tandem_version, VALUES(redirect_uris), redirect_uris),
              grant_types = IF(VALUES(tandem_version) > tandem_version, VALUES(grant_types), grant_types),
              scope = IF(VALUES(tandem_version) > tandem_version, VALUES(scope), scope),
              token_endpoint_auth_method = IF(VALUES(tandem_version) > tandem_version,
                VALUES(token_endpoint_auth_method), token_endpoint_auth_method),
              created_at = IF(VALUES(tandem_version) > tandem_version, VALUES(created_at), created_at),
              updated_at = IF(VALUES(tandem_version) > tandem_version, VALUES(updated_at), updated_at),
              metadata = IF(VALUES(tandem_version) > tandem_version,
                IF(JSON_VALID(metadata) AND JSON_TYPE(metadata) = 'OBJECT',
                  IF(JSON_EXISTS(VALUES(metadata), PREVIOUS),
                    JSON_SET(metadata, PREVIOUS, JSON_VALUE(VALUES(metadata), PREVIOUS)),
                    IF(JSON_EXISTS(metadata, PREVIOUS), JSON_REMOVE(metadata, PREVIOUS), metadata)),
                  VALUES(metadata)),
                metadata),
              tandem_deleted = IF(VALUES(tandem_version) > tandem_version, VALUES(tandem_deleted), tandem_deleted),
              tandem_version = GREATEST(tandem_version, VALUES(tandem_version))""".replace("PREVIOUS", PREVIOUS);

    /** Parameter: the id. */
    static final String SELECT_BY_ID = LegacySql.IN_UTC + "SELECT " + COLUMNS + " FROM " + LegacyClientTable.NAME + " WHERE id = ?";

    /**
     * A keyset page in primary-key order, which the table's utf8mb4_bin collation makes code-point
     * order (the engine's COLLATE "C" gives the same). Parameters: afterId ('' for the first page), limit.
     */
    static final String SCAN = LegacySql.IN_UTC + "SELECT " + COLUMNS + " FROM " + LegacyClientTable.NAME
            + " WHERE id > ? ORDER BY id LIMIT ?";

    private LegacyClientSql() {
    }
}
