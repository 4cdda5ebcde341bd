package dev.tandem.engine;

import dev.tandem.engine.schema.OAuthClientEntity;
import dev.tandem.model.client.ClientAuthMethod;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.model.client.InvalidClientRecordException;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Between {@code oauth_client} rows and canonical client records, beside {@link TokenRecordMapping} for tokens. */
final class ClientRecordMapping {
    private static final String[] NONE = new String[0];

    private ClientRecordMapping() {
    }

    static ClientRecord toRecord(OAuthClientEntity row) {
        return new ClientRecord(row.id, row.name, row.secretHash, row.previousSecretHash,
                List.of(row.redirectUris),
                new TreeSet<>(Arrays.asList(row.grantTypes)),
                authMethod(row.id, row.tokenEndpointAuthMethod),
                new TreeSet<>(Arrays.asList(row.scopes)),
                row.createdAt, row.updatedAt, row.deleted, row.version);
    }

    static ClientAuthMethod authMethod(String id, String method) {
        return ClientAuthMethod.fromWireName(method).orElseThrow(() -> new InvalidClientRecordException("authMethod",
                "\"" + method + "\" in the row of client " + id + " is not a token_endpoint_auth_method"));
    }

    /** A list or set of the record as its array column holds it, in the record's order. */
    static String[] array(Collection<String> values) {
        return values.toArray(NONE);
    }
}
