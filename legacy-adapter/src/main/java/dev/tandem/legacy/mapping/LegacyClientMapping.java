package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyClientTable;
import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.InvalidClientRecordException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The mapping between {@code hydra_client} rows and canonical clients, in both directions. Pure, as
 * {@link LegacyMapping} is for tokens, so the store and a change-event consumer map rows the same way.
 *
 * <table>
 * <caption>Canonical field from legacy column</caption>
 * <tr><th>field</th><th>legacy</th></tr>
 * <tr><td>id</td><td>id</td></tr>
 * <tr><td>name</td><td>client_name</td></tr>
 * <tr><td>secretHash</td><td>client_secret; '' is none (a public client)</td></tr>
 * <tr><td>previousSecretHash</td><td>metadata {@code tandem_previous_secret_hash}: Hydra has one secret column</td></tr>
 * <tr><td>redirectUris</td><td>redirect_uris, '|'-joined, in order, exactly as written</td></tr>
 * <tr><td>grantTypes</td><td>grant_types, '|'-joined</td></tr>
 * <tr><td>authMethod</td><td>token_endpoint_auth_method; '' is client_secret_basic, Hydra's default</td></tr>
 * <tr><td>scopes</td><td>scope, space-separated, any order</td></tr>
 * <tr><td>createdAt, updatedAt</td><td>created_at, updated_at</td></tr>
 * <tr><td>deleted, version</td><td>tandem_deleted, tandem_version; 0 for rows the old server wrote</td></tr>
 * </table>
 *
 * <p>{@code response_types} is the old server's: a new row gets {@code code}, the only one Tandem
 * serves; every other key of {@code metadata} is the old server's too, and the store's upsert keeps it.
 */
public final class LegacyClientMapping {
    /** The key of {@code metadata} that holds the previous secret's hash during a rotation. */
    public static final String PREVIOUS_SECRET_HASH = "tandem_previous_secret_hash";
    /** What a row Tandem inserts holds in {@code response_types}. */
    public static final String RESPONSE_TYPES = "code";
    private static final String LIST_SEPARATOR = "|";
    private static final Pattern LIST_SPLIT = Pattern.compile(Pattern.quote(LIST_SEPARATOR));
    private static final Pattern SCOPE_SPLIT = Pattern.compile("\\s+");

    private LegacyClientMapping() {
    }

    /**
     * The canonical client a row stands for.
     *
     * @throws LegacyClientRowException when the row cannot be one, naming the id and the problem,
     *                                  never the secret or the metadata
     */
    public static ClientRecord toCanonical(LegacyClientRow row) {
        try {
            if (row.id() == null || row.id().isEmpty()) {
                throw new IllegalArgumentException("id is missing");
            }
            return new ClientRecord(row.id(),
                    row.clientName(),
                    row.clientSecret(),
                    previousSecretHash(row.metadata()),
                    list(row.redirectUris()),
                    new TreeSet<>(list(row.grantTypes())),
                    authMethod(row.tokenEndpointAuthMethod()),
                    scopes(row.scope()),
                    require("created_at", row.createdAt()),
                    require("updated_at", row.updatedAt()),
                    row.tandemDeleted(),
                    row.tandemVersion());
        } catch (InvalidClientRecordException e) {
            throw new LegacyClientRowException(row.id(), "it is not a valid client record: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LegacyClientRowException(row.id(), e.getMessage());
        }
    }

    /**
     * The row that holds {@code record} in a fresh {@code hydra_client} table.
     *
     * @throws InvalidClientRecordException when legacy cannot hold the client: a time outside the
     *                                      TIMESTAMP range, an id the PAD SPACE collation would
     *                                      confuse with another, lists too long for TEXT
     */
    public static LegacyClientRow toRow(ClientRecord record) {
        if (record.id().endsWith(" ")) {
            // utf8mb4_bin pads with spaces: "a" and "a " are one primary key in MariaDB.
            throw new InvalidClientRecordException("id", "\"" + record.id()
                    + "\" ends in a space, which legacy's collation ignores: the legacy store cannot hold this client");
        }
        requireTimestamp("createdAt", record.createdAt());
        requireTimestamp("updatedAt", record.updatedAt());
        JsonObject metadata = new JsonObject();
        if (record.previousSecretHash() != null) {
            metadata.put(PREVIOUS_SECRET_HASH, record.previousSecretHash());
        }
        return new LegacyClientRow(record.id(),
                record.name(),
                record.secretHash() == null ? "" : record.secretHash(),
                text("redirectUris", String.join(LIST_SEPARATOR, record.redirectUris())),
                String.join(LIST_SEPARATOR, record.grantTypes()),
                RESPONSE_TYPES,
                text("scopes", String.join(" ", record.scopes())),
                record.authMethod().wireName(),
                record.createdAt(),
                record.updatedAt(),
                metadata.encode(),
                record.deleted(),
                record.version());
    }

    private static String previousSecretHash(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return null;
        }
        JsonObject object;
        try {
            object = new JsonObject(metadata);
        } catch (DecodeException | ClassCastException e) {
            // No cause attached: the parser's message can quote the blob.
            throw new IllegalArgumentException("metadata is not a JSON object");
        }
        Object previous = object.getValue(PREVIOUS_SECRET_HASH);
        if (previous != null && !(previous instanceof String)) {
            throw new IllegalArgumentException("metadata " + PREVIOUS_SECRET_HASH + " is not a string");
        }
        return (String) previous;
    }

    private static List<String> list(String joined) {
        if (joined == null || joined.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(LIST_SPLIT.split(joined, -1));
    }

    private static TreeSet<String> scopes(String scope) {
        TreeSet<String> scopes = new TreeSet<>();
        if (scope != null && !scope.isBlank()) {
            scopes.addAll(Arrays.asList(SCOPE_SPLIT.split(scope.strip())));
        }
        return scopes;
    }

    private static ClientAuthMethod authMethod(String wireName) {
        if (wireName == null || wireName.isEmpty()) {
            return ClientAuthMethod.CLIENT_SECRET_BASIC;
        }
        return ClientAuthMethod.fromWireName(wireName).orElseThrow(() -> new IllegalArgumentException(
                "token_endpoint_auth_method \"" + wireName + "\" is not one Tandem serves (valid: "
                        + String.join(", ", Arrays.stream(ClientAuthMethod.values()).map(ClientAuthMethod::wireName).toList()) + ")"));
    }

    private static Instant require(String column, Instant value) {
        if (value == null) {
            throw new IllegalArgumentException(column + " is missing");
        }
        return value;
    }

    private static void requireTimestamp(String field, Instant value) {
        if (value.isBefore(LegacyMapping.EARLIEST_ISSUED_AT) || value.isAfter(LegacyMapping.LATEST_ISSUED_AT)) {
            throw new InvalidClientRecordException(field, value + " is outside legacy TIMESTAMP range ("
                    + LegacyMapping.EARLIEST_ISSUED_AT + " to " + LegacyMapping.LATEST_ISSUED_AT
                    + "): the legacy store cannot hold this client");
        }
    }

    private static String text(String field, String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > LegacyMapping.MAX_TEXT_BYTES) {
            throw new InvalidClientRecordException(field, "take " + bytes + " bytes joined; legacy "
                    + LegacyClientTable.NAME + " (TEXT) holds at most " + LegacyMapping.MAX_TEXT_BYTES);
        }
        return value;
    }
}
