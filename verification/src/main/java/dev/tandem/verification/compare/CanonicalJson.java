package dev.tandem.verification.compare;

import dev.tandem.model.TokenField;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A canonical record as report values: hashes only, the PKCE challenge included (a plain one is the verifier). */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /**
     * The record's fields by their API names; a field the store only approximates shows its coarse
     * form (legacy's {@code revokedAt} is whether it is revoked, as a boolean).
     */
    public static Map<String, Object> of(TokenRecord record, Set<TokenField> approximated) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        for (TokenField field : TokenField.values()) {
            Object value = approximated.contains(field) ? field.coarse(record) : field.exact(record);
            if (field == TokenField.CODE_CHALLENGE && value != null) {
                // A plain challenge is the PKCE verifier itself: reports show its hash, enough to see a difference.
                value = "sha256:" + TokenId.hashOf(value.toString());
            }
            json.put(field.jsonName(), plain(value));
        }
        return json;
    }

    static Object plain(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof java.util.Collection<?> values) {
            return values.stream().map(Object::toString).toList();
        }
        if (value instanceof dev.tandem.model.TokenKind kind) {
            return kind.wireName();
        }
        if (value instanceof dev.tandem.model.PkceMethod method) {
            return method.wireName();
        }
        return value.toString();
    }
}
