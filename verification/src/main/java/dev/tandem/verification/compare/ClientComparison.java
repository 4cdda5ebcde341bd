package dev.tandem.verification.compare;

import dev.tandem.model.client.ClientField;
import dev.tandem.model.client.ClientRecord;
import dev.tandem.verification.Difference;
import dev.tandem.verification.DifferenceKind;
import dev.tandem.verification.EntityKind;
import dev.tandem.verification.compare.ClientReader.ClientSide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares both stores' clients, id by id, on every {@link ClientField} (secret hashes and version
 * included). A tombstone on one side and nothing on the other is a difference, as for tokens: the
 * backfill and the mirror carry tombstones, so both stores hold one.
 */
public final class ClientComparison {
    /** What a report shows for a set secret hash: that there is one, never its value. */
    public static final String SECRET_SET = "(set)";

    private ClientComparison() {
    }

    /** Every client difference, in id order, with the number of distinct ids looked at. */
    public static RecordComparison.Result compare(Map<String, ClientSide> legacy, Map<String, ClientSide> engine) {
        TreeSet<String> ids = new TreeSet<>(legacy.keySet());
        ids.addAll(engine.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String id : ids) {
            ClientSide l = legacy.get(id);
            ClientSide e = engine.get(id);
            Map<String, Object> lJson = l == null || l.record() == null ? null : json(l.record());
            Map<String, Object> eJson = e == null || e.record() == null ? null : json(e.record());
            if (l != null && l.unreadable() != null) {
                differences.add(difference(id, DifferenceKind.UNREADABLE_IN_LEGACY, List.of(), null, eJson, l.unreadable()));
            } else if (e != null && e.unreadable() != null) {
                differences.add(difference(id, DifferenceKind.UNREADABLE_IN_ENGINE, List.of(), lJson, null, e.unreadable()));
            } else if (e == null) {
                differences.add(difference(id, DifferenceKind.MISSING_IN_ENGINE, List.of(), lJson, null, null));
            } else if (l == null) {
                differences.add(difference(id, DifferenceKind.MISSING_IN_LEGACY, List.of(), null, eJson, null));
            } else {
                List<ClientField> fields = ClientField.differences(l.record(), e.record());
                if (!fields.isEmpty()) {
                    differences.add(difference(id, DifferenceKind.FIELD_MISMATCH,
                            fields.stream().map(ClientField::jsonName).toList(), lJson, eJson, null));
                }
            }
        }
        return new RecordComparison.Result(ids.size(), differences);
    }

    /**
     * The client's fields by their report names; a secret hash shows as {@value #SECRET_SET} or null:
     * two different hashes look alike here, and the difference's fields say that they differ.
     */
    public static Map<String, Object> json(ClientRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", record.id());
        for (ClientField field : ClientField.values()) {
            Object value = field.value(record);
            if (field.secret()) {
                value = value == null ? null : SECRET_SET;
            }
            json.put(field.jsonName(), CanonicalJson.plain(value));
        }
        return json;
    }

    private static Difference difference(String id, DifferenceKind kind, List<String> fields,
                                         Map<String, Object> legacy, Map<String, Object> engine, String detail) {
        return new Difference(EntityKind.CLIENT, id, kind, fields, legacy, engine, detail);
    }
}
