package dev.tandem.model.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The fields of a {@link ClientRecord} a comparison of two stores looks at, as {@link dev.tandem.model.TokenField}
 * is for tokens. Both stores hold every field exactly (legacy keeps the previous secret in {@code metadata}),
 * so there is no coarse form. The secret hashes are compared like any field but are {@link #secret}: a
 * report names them as differing and never shows their values.
 */
public enum ClientField {
    NAME("name", ClientRecord::name, false),
    SECRET_HASH("secretHash", ClientRecord::secretHash, true),
    PREVIOUS_SECRET_HASH("previousSecretHash", ClientRecord::previousSecretHash, true),
    REDIRECT_URIS("redirectUris", ClientRecord::redirectUris, false),
    GRANT_TYPES("grantTypes", ClientRecord::grantTypes, false),
    AUTH_METHOD("tokenEndpointAuthMethod", record -> record.authMethod().wireName(), false),
    SCOPES("scopes", ClientRecord::scopes, false),
    CREATED_AT("createdAt", ClientRecord::createdAt, false),
    UPDATED_AT("updatedAt", ClientRecord::updatedAt, false),
    DELETED("deleted", ClientRecord::deleted, false),
    VERSION("version", ClientRecord::version, false);

    private final String jsonName;
    private final Function<ClientRecord, Object> value;
    private final boolean secret;

    ClientField(String jsonName, Function<ClientRecord, Object> value, boolean secret) {
        this.jsonName = jsonName;
        this.value = value;
        this.secret = secret;
    }

    /** The name reports and the API use. */
    public String jsonName() {
        return jsonName;
    }

    public Object value(ClientRecord record) {
        return value.apply(record);
    }

    /** A credential's hash: compared, never shown. */
    public boolean secret() {
        return secret;
    }

    /** The fields on which two records of one client differ, in declaration order; empty when equal. */
    public static List<ClientField> differences(ClientRecord a, ClientRecord b) {
        List<ClientField> fields = new ArrayList<>();
        for (ClientField field : values()) {
            if (!Objects.equals(field.value(a), field.value(b))) {
                fields.add(field);
            }
        }
        return fields;
    }
}
